// TokenBucket: burst, refill at the configured rate, never above the burst, unlimited when 0.
#include "token_bucket.hpp"

#include <gtest/gtest.h>

namespace wsconform::websocketpp_server {
namespace {

using std::chrono::milliseconds;
const TokenBucket::Clock::time_point kStart{};

TEST(TokenBucket, StartsFullAndEmptiesAfterTheBurst) {
  TokenBucket bucket(10, 3, kStart);
  EXPECT_TRUE(bucket.try_take(kStart));
  EXPECT_TRUE(bucket.try_take(kStart));
  EXPECT_TRUE(bucket.try_take(kStart));
  EXPECT_FALSE(bucket.try_take(kStart));
}

TEST(TokenBucket, RefillsAtTheRate) {
  TokenBucket bucket(10, 1, kStart);  // one token per 100 ms
  EXPECT_TRUE(bucket.try_take(kStart));
  EXPECT_FALSE(bucket.try_take(kStart + milliseconds(50)));
  EXPECT_TRUE(bucket.try_take(kStart + milliseconds(101)));
  EXPECT_FALSE(bucket.try_take(kStart + milliseconds(102)));
}

TEST(TokenBucket, NeverHoldsMoreThanTheBurst) {
  TokenBucket bucket(100, 2, kStart);
  const auto much_later = kStart + std::chrono::seconds(60);
  EXPECT_TRUE(bucket.try_take(much_later));
  EXPECT_TRUE(bucket.try_take(much_later));
  EXPECT_FALSE(bucket.try_take(much_later));
}

TEST(TokenBucket, ClockGoingBackwardsAddsNothing) {
  TokenBucket bucket(1, 1, kStart + std::chrono::seconds(10));
  EXPECT_TRUE(bucket.try_take(kStart + std::chrono::seconds(10)));
  EXPECT_FALSE(bucket.try_take(kStart));
}

TEST(TokenBucket, ZeroRateIsUnlimited) {
  TokenBucket bucket(0, 0, kStart);
  EXPECT_TRUE(bucket.unlimited());
  for (int taken = 0; taken < 1000; ++taken) ASSERT_TRUE(bucket.try_take(kStart));
}

}  // namespace
}  // namespace wsconform::websocketpp_server
