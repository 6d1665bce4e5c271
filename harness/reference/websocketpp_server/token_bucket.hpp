// A token bucket: `rate` tokens per second, holding at most `burst`. The reference target uses one
// server-wide bucket to decide when live traffic counts as overload.
#pragma once

#include <chrono>

namespace wsconform::websocketpp_server {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // rate_per_second <= 0 means unlimited: try_take() always succeeds. The bucket starts full.
  TokenBucket(double rate_per_second, double burst, Clock::time_point now);

  // Refills for the time elapsed since the last call, then takes one token if there is one.
  bool try_take(Clock::time_point now);
  bool unlimited() const { return rate_per_second_ <= 0; }

 private:
  double rate_per_second_;
  double burst_;
  double tokens_;
  Clock::time_point last_refill_;
};

}  // namespace wsconform::websocketpp_server
