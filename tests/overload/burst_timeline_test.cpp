#include "overload/burst_timeline.hpp"

#include <gtest/gtest.h>

namespace wsconform::overload {
namespace {

TEST(BurstTimeline, PlacesEventsByTimeWithoutHoles) {
  BurstTimeline timeline(100, 50);
  ++timeline.at(50'000).opened;    // 50 ms
  ++timeline.at(250'000).echoes;   // 250 ms
  ++timeline.at(99'999).upgraded;  // still the first bucket
  ++timeline.at(-5).opened;        // before the start: the first
  const auto buckets = timeline.take();
  ASSERT_EQ(buckets.size(), 3u);
  EXPECT_EQ(buckets[0].start_ms, 0);
  EXPECT_EQ(buckets[1].start_ms, 100);
  EXPECT_EQ(buckets[2].start_ms, 200);
  EXPECT_EQ(buckets[0].opened, 2u);
  EXPECT_EQ(buckets[0].upgraded, 1u);
  EXPECT_EQ(buckets[1].opened + buckets[1].echoes, 0u);
  EXPECT_EQ(buckets[2].echoes, 1u);
}

TEST(BurstTimeline, LateEventsLandInTheLastBucket) {
  BurstTimeline timeline(10, 3);
  ++timeline.at(1'000'000'000).dropped;  // far past the bound
  const auto buckets = timeline.take();
  ASSERT_EQ(buckets.size(), 3u);
  EXPECT_EQ(buckets[2].dropped, 1u);
  EXPECT_EQ(buckets[2].start_ms, 20);
}

TEST(BurstTimeline, CountsStatusesAndCodes) {
  BurstTimeline timeline(100, 10);
  ++timeline.at(0).http_statuses[503];
  ++timeline.at(1).http_statuses[503];
  ++timeline.at(2).close_codes[1013];
  const auto buckets = timeline.take();
  ASSERT_EQ(buckets.size(), 1u);
  EXPECT_EQ(buckets[0].http_statuses.at(503), 2u);
  EXPECT_EQ(buckets[0].close_codes.at(1013), 1u);
}

}  // namespace
}  // namespace wsconform::overload
