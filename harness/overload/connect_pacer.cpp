#include "overload/connect_pacer.hpp"

#include <algorithm>

namespace wsconform::overload {
namespace {

constexpr double kBurstSeconds = 0.01;  // tokens saved up while idle: 10 ms worth

}  // namespace

ConnectPacer::ConnectPacer(double rate_per_second, Clock::time_point now)
    : rate_(std::max(0.0, rate_per_second)),
      capacity_(std::max(1.0, rate_ * kBurstSeconds)),
      tokens_(1.0),
      last_(now) {}

void ConnectPacer::refill(Clock::time_point now) {
  if (now <= last_) return;
  const double seconds = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(capacity_, tokens_ + seconds * rate_);
  last_ = now;
}

bool ConnectPacer::try_take(Clock::time_point now) {
  if (rate_ <= 0) return true;
  refill(now);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

ConnectPacer::Clock::time_point ConnectPacer::next_token(Clock::time_point now) {
  if (rate_ <= 0) return now;
  refill(now);
  if (tokens_ >= 1.0) return now;
  const std::chrono::duration<double> wait((1.0 - tokens_) / rate_);
  return now + std::chrono::ceil<Clock::duration>(wait);
}

}  // namespace wsconform::overload
