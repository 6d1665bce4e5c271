// The recovery probe after a burst: it succeeds against a healthy server, and reports nothing
// (recover_ms unset) when the server is gone.
#include <gtest/gtest.h>

#include <csignal>

#include "burst_test_support.hpp"

namespace wsconform::overload::test {
namespace {

scenario::BurstSpec probed_spec(std::chrono::milliseconds within) {
  scenario::BurstSpec spec;
  spec.connections = 10;
  spec.concurrency = 10;
  spec.messages = 2;
  spec.step_timeout = 500ms;
  spec.recover_within = within;
  return spec;
}

TEST(RecoveryProbe, SucceedsAgainstAHealthyServer) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  const auto record = run_burst(target_at(target.port()), probed_spec(3000ms));
  ASSERT_TRUE(record.error.empty()) << record.error;
  EXPECT_TRUE(record.metrics.recovery_checked);
  ASSERT_TRUE(record.metrics.recover_ms.has_value());
  EXPECT_GE(*record.metrics.recover_ms, 0);
  // The probe's own connection is not one of the burst's.
  EXPECT_EQ(record.connections.size(), 10u);
  EXPECT_EQ(sum_timeline(record).opened, 10u);
}

TEST(RecoveryProbe, RecordsNothingWhenTheServerIsGone) {
  const auto record = run_burst(target_at(unused_port()), probed_spec(400ms));
  ASSERT_TRUE(record.error.empty()) << record.error;
  EXPECT_TRUE(record.metrics.recovery_checked);
  EXPECT_FALSE(record.metrics.recover_ms.has_value());
}

TEST(RecoveryProbe, RecordsNothingWhenTheServerDiesDuringTheBurst) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  auto spec = probed_spec(500ms);
  spec.messages = 0;
  spec.hold = 60s;
  spec.duration = 60s;
  std::thread killer([&target] {
    std::this_thread::sleep_for(300ms);
    target.process().send_signal(SIGKILL);
  });
  const auto record = run_burst(target_at(target.port()), spec);
  killer.join();
  ASSERT_TRUE(record.error.empty()) << record.error;
  EXPECT_FALSE(record.cut_short);
  // Killed: TCP ends without a close frame (or, for a slow start, before the handshake).
  ASSERT_EQ(record.connections.size(), 10u);
  for (const auto& c : record.connections) {
    EXPECT_TRUE(c.end == End::dropped || c.end == End::handshake_failed ||
                c.end == End::connect_failed)
        << end_name(c.end);
  }
  EXPECT_TRUE(record.metrics.recovery_checked);
  EXPECT_FALSE(record.metrics.recover_ms.has_value());
}

}  // namespace
}  // namespace wsconform::overload::test
