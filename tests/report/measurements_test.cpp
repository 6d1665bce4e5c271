// The echo_load figures in report.json: nearest-rank percentiles, MB/s over the rounds that came
// back intact, and the ratio to the bare loop.
#include "report/json/measurements.hpp"

#include <gtest/gtest.h>

namespace wsconform::report {
namespace {

scenario::LoadRound round_trip(std::int64_t microseconds) {
  scenario::LoadRound round;
  round.size = 1000;
  round.received = 1000;
  round.complete = true;
  round.sent_at_us = 10;
  round.echoed_at_us = 10 + microseconds;
  return round;
}

TEST(Measurements, PercentilesAreNearestRank) {
  const std::vector<std::int64_t> values = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
  EXPECT_EQ(percentile(values, 50), 5);
  EXPECT_EQ(percentile(values, 90), 9);
  EXPECT_EQ(percentile(values, 99), 10);
  EXPECT_EQ(percentile(values, 100), 10);
  EXPECT_EQ(percentile({}, 50), 0);
  EXPECT_EQ(percentile({42}, 1), 42);
}

TEST(Measurements, OnlyIntactRoundsAreTimedAndTheRatioIsToTheBareLoop) {
  scenario::LoadRecord load;
  load.size = 1000;
  load.rounds_planned = 3;
  scenario::LoadRound corrupted = round_trip(1);
  corrupted.first_difference = 5;
  load.rounds = {round_trip(100), round_trip(300), corrupted};
  load.bare_loop.round_trip_us = {50, 50, 100};
  const Json out = measurements_json({load});
  ASSERT_EQ(out.size(), 1u);
  const Json& m = out.at(0);
  EXPECT_EQ(m.at("rounds_echoed"), 2);
  // 2,000 bytes in 400 µs: 5 MB/s; the loop moved 3,000 bytes in 200 µs: 15 MB/s.
  EXPECT_DOUBLE_EQ(m.at("server").at("mb_per_s").get<double>(), 5.0);
  EXPECT_EQ(m.at("server").at("round_trip_us").at("p50"), 100);
  EXPECT_EQ(m.at("server").at("round_trip_us").at("max"), 300);
  EXPECT_DOUBLE_EQ(m.at("bare_loop").at("mb_per_s").get<double>(), 15.0);
  EXPECT_DOUBLE_EQ(m.at("ratio").get<double>(), 5.0 / 15.0);

  load.bare_loop = {{}, "cannot listen on 127.0.0.1"};
  const Json failed = measurements_json({load}).at(0);
  EXPECT_EQ(failed.at("bare_loop").at("error"), "cannot listen on 127.0.0.1");
  EXPECT_TRUE(failed.at("ratio").is_null());
}

}  // namespace
}  // namespace wsconform::report
