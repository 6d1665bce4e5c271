// Paces new connections with a token bucket: `rate` tokens a second, at most a 10 ms burst (and
// at least one token). Rate 0: no pacing. One clock read a connection, no sleeps.
#pragma once

#include <chrono>

namespace wsconform::overload {

class ConnectPacer {
 public:
  using Clock = std::chrono::steady_clock;

  ConnectPacer(double rate_per_second, Clock::time_point now);

  // Takes a token if one is there.
  bool try_take(Clock::time_point now);
  // When the next token will be there (now, if one is).
  Clock::time_point next_token(Clock::time_point now);

 private:
  void refill(Clock::time_point now);

  double rate_;
  double capacity_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace wsconform::overload
