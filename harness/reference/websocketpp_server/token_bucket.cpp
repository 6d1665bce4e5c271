#include "token_bucket.hpp"

#include <algorithm>

namespace wsconform::websocketpp_server {

TokenBucket::TokenBucket(double rate_per_second, double burst, Clock::time_point now)
    : rate_per_second_(rate_per_second),
      burst_(std::max(burst, 1.0)),
      tokens_(burst_),
      last_refill_(now) {}

bool TokenBucket::try_take(Clock::time_point now) {
  if (unlimited()) return true;
  if (now > last_refill_) {
    const std::chrono::duration<double> elapsed = now - last_refill_;
    tokens_ = std::min(burst_, tokens_ + elapsed.count() * rate_per_second_);
    last_refill_ = now;
  }
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

}  // namespace wsconform::websocketpp_server
