#include "overload/connect_pacer.hpp"

#include <gtest/gtest.h>

namespace wsconform::overload {
namespace {

using namespace std::chrono_literals;
using Clock = ConnectPacer::Clock;

TEST(ConnectPacer, RateZeroNeverWaits) {
  const auto t0 = Clock::time_point{} + 1h;
  ConnectPacer pacer(0, t0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(pacer.try_take(t0));
  EXPECT_EQ(pacer.next_token(t0), t0);
}

TEST(ConnectPacer, HandsOutRateTokensPerSecond) {
  const auto t0 = Clock::time_point{} + 1h;
  ConnectPacer pacer(1000, t0);  // 1 per ms, at most 10 saved up
  EXPECT_TRUE(pacer.try_take(t0));
  EXPECT_FALSE(pacer.try_take(t0));
  const auto next = pacer.next_token(t0);
  EXPECT_GT(next, t0);
  EXPECT_LE(next, t0 + 1ms + 1us);
  EXPECT_TRUE(pacer.try_take(next));
  // Over a simulated second, about 1000 tokens, whatever the polling step.
  int taken = 0;
  for (auto now = next; now < next + 1s; now += 100us) {
    while (pacer.try_take(now)) ++taken;
  }
  EXPECT_GE(taken, 999);
  EXPECT_LE(taken, 1001);
}

TEST(ConnectPacer, SavesAtMostTenMillisecondsWorth) {
  const auto t0 = Clock::time_point{} + 1h;
  ConnectPacer pacer(1000, t0);
  int taken = 0;
  while (pacer.try_take(t0 + 5s)) ++taken;  // idle for 5 s
  EXPECT_EQ(taken, 10);
}

TEST(ConnectPacer, SlowRatesStillGetOneToken) {
  const auto t0 = Clock::time_point{} + 1h;
  ConnectPacer pacer(2, t0);  // capacity would be 0.02: at least one token is kept
  EXPECT_TRUE(pacer.try_take(t0));
  EXPECT_FALSE(pacer.try_take(t0 + 100ms));
  EXPECT_TRUE(pacer.try_take(t0 + 500ms));
  EXPECT_EQ(pacer.next_token(t0 + 500ms), t0 + 1000ms);
}

}  // namespace
}  // namespace wsconform::overload
