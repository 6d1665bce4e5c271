#include "overload/spec_bounds.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace wsconform::overload {
namespace {

using namespace std::chrono_literals;

TEST(SpecBounds, LeavesAReasonableSpecAlone) {
  scenario::BurstSpec spec;
  spec.messages = 10;
  spec.message_rate = 5;
  std::vector<std::string> notes;
  apply_spec_bounds(spec, notes);
  EXPECT_TRUE(notes.empty());
  EXPECT_EQ(spec.connections, 100u);
  EXPECT_EQ(spec.message_size, 16u);
  EXPECT_EQ(spec.message_rate, 5);
}

TEST(SpecBounds, CapsEverythingAtTheHardBoundsAndSaysSo) {
  scenario::BurstSpec spec;
  spec.connections = 10'000'000;
  spec.concurrency = 0;
  spec.messages = 1'000'000;
  spec.message_size = 1u << 30;
  spec.duration = 24h;
  spec.hold = -1ms;
  spec.step_timeout = 0ms;
  spec.recover_within = 1h;
  spec.connect_rate = std::numeric_limits<double>::quiet_NaN();
  spec.message_rate = 1e-9;
  std::vector<std::string> notes;
  apply_spec_bounds(spec, notes);
  EXPECT_EQ(spec.connections, scenario::kMaxBurstConnections);
  EXPECT_EQ(spec.concurrency, 1u);
  EXPECT_EQ(spec.messages, scenario::kMaxBurstMessagesPerConnection);
  EXPECT_EQ(spec.message_size, scenario::kMaxBurstMessageSize);
  EXPECT_EQ(spec.duration, scenario::kMaxBurstDuration);
  EXPECT_EQ(spec.hold, 0ms);
  EXPECT_EQ(spec.step_timeout, scenario::BurstSpec{}.step_timeout);
  EXPECT_EQ(spec.recover_within, scenario::kMaxBurstDuration);
  EXPECT_EQ(spec.connect_rate, 0);
  EXPECT_EQ(spec.message_rate, kMinRatePerSecond);
  EXPECT_EQ(notes.size(), 10u);
}

TEST(SpecBounds, RaisesTheMessageSizeToHoldTheSequenceNumber) {
  scenario::BurstSpec spec;
  spec.message_size = 3;
  std::vector<std::string> notes;
  apply_spec_bounds(spec, notes);
  EXPECT_EQ(spec.message_size, 8u);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("message size"), std::string::npos);
}

}  // namespace
}  // namespace wsconform::overload
