// The burst engine against wsconform-websocketpp-server on 127.0.0.1: within capacity, past its
// connection capacity (503 + Retry-After), past its message rate (1013), and its broken overload
// modes.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "burst_test_support.hpp"

namespace wsconform::overload::test {
namespace {

TEST(BurstRunner, WithinCapacityEveryConnectionEchoesInOrderAndClosesWith1000) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  scenario::BurstSpec spec;
  spec.connections = 60;
  spec.concurrency = 20;
  spec.messages = 5;
  spec.message_size = 40;
  spec.recover_within = 3000ms;
  const auto record = run_burst(target_at(target.port()), spec);

  ASSERT_TRUE(record.error.empty()) << record.error;
  EXPECT_TRUE(record.notes.empty());
  EXPECT_FALSE(record.cut_short);
  ASSERT_EQ(record.connections.size(), 60u);
  for (const auto& c : record.connections) {
    EXPECT_EQ(c.end, End::closed) << end_name(c.end);
    EXPECT_EQ(c.http_status, 101);
    EXPECT_EQ(c.messages_sent, 5u);
    EXPECT_EQ(c.echoes, 5u);
    EXPECT_FALSE(c.echo_mismatch);
    EXPECT_FALSE(c.server_closed_first);  // we closed after the last echo
    EXPECT_EQ(c.close_code, std::optional<std::uint16_t>(1000));
    EXPECT_FALSE(c.close_without_code);
    EXPECT_LE(0, c.started_us);
    EXPECT_LE(c.started_us, c.upgraded_us);
    EXPECT_LE(c.upgraded_us, c.ended_us);
  }
  const auto& m = record.metrics;
  EXPECT_GT(m.elapsed_ms, 0);
  EXPECT_GT(m.connects_per_s, 0);
  EXPECT_GT(m.messages_per_s, 0);
  EXPECT_GT(m.handshake_p50_ms, 0);
  EXPECT_LE(m.handshake_p50_ms, m.handshake_p90_ms);
  EXPECT_LE(m.handshake_p90_ms, m.handshake_p99_ms);
  EXPECT_LE(m.handshake_p99_ms, m.handshake_max_ms);
  EXPECT_GE(m.peak_open, 1u);
  EXPECT_LE(m.peak_open, 20u);  // the concurrency bound
  EXPECT_LE(m.peak_upgraded, m.peak_open);
  // Counts add up: rates times time give the totals back.
  EXPECT_NEAR(m.connects_per_s * m.elapsed_ms / 1000, 60, 0.01);
  EXPECT_NEAR(m.messages_per_s * m.elapsed_ms / 1000, 300, 0.01);
  const auto sums = sum_timeline(record);
  EXPECT_EQ(sums.opened, 60u);
  EXPECT_EQ(sums.upgraded, 60u);
  EXPECT_EQ(sums.echoes, 300u);
  EXPECT_EQ(sums.dropped, 0u);
  EXPECT_TRUE(sums.statuses.empty());
  EXPECT_EQ(sums.codes, (std::map<std::uint16_t, std::uint64_t>{{1000, 60}}));
  ASSERT_FALSE(record.timeline.empty());
  for (std::size_t i = 0; i < record.timeline.size(); ++i) {
    EXPECT_EQ(record.timeline[i].start_ms, static_cast<std::int64_t>(i) * record.bucket_ms);
  }
  EXPECT_TRUE(m.recovery_checked);
  ASSERT_TRUE(m.recover_ms.has_value());
  EXPECT_GE(*m.recover_ms, 0);
}

TEST(BurstRunner, PacedMessagesAndHoldStillEchoEverything) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  scenario::BurstSpec spec;
  spec.connections = 10;
  spec.concurrency = 10;
  spec.connect_rate = 200;
  spec.messages = 4;
  spec.message_rate = 100;
  spec.hold = 50ms;
  spec.recover_within = 0ms;
  const auto record = run_burst(target_at(target.port()), spec);
  ASSERT_TRUE(record.error.empty()) << record.error;
  ASSERT_EQ(record.connections.size(), 10u);
  EXPECT_EQ(count_ends(record, End::closed), 10u);
  for (const auto& c : record.connections) {
    EXPECT_EQ(c.echoes, 4u);
    EXPECT_FALSE(c.echo_mismatch);
  }
  EXPECT_FALSE(record.metrics.recovery_checked);
  EXPECT_FALSE(record.metrics.recover_ms.has_value());
}

TEST(BurstRunner, LargeMessagesArePipelinedInPiecesAndChecked) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  scenario::BurstSpec spec;
  spec.connections = 3;
  spec.concurrency = 3;
  spec.messages = 20;
  spec.message_size = 100'000;  // bigger than one read and one write
  spec.recover_within = 0ms;
  const auto record = run_burst(target_at(target.port()), spec);
  ASSERT_TRUE(record.error.empty()) << record.error;
  for (const auto& c : record.connections) {
    EXPECT_EQ(c.end, End::closed) << end_name(c.end);
    EXPECT_EQ(c.echoes, 20u);
    EXPECT_FALSE(c.echo_mismatch);
  }
}

// Holders keep their slots while the rest try: past --max-connections, 503 with Retry-After.
scenario::BurstSpec over_capacity_spec() {
  scenario::BurstSpec spec;
  spec.connections = 20;
  spec.concurrency = 20;
  spec.messages = 1;
  spec.hold = 1500ms;
  spec.recover_within = 3000ms;
  return spec;
}

TEST(BurstRunner, PastMaxConnectionsHandshakesGet503WithRetryAfter) {
  RunningTarget target({"--max-connections", "5"});
  ASSERT_NE(target.port(), 0);
  const auto record = run_burst(target_at(target.port()), over_capacity_spec());
  ASSERT_TRUE(record.error.empty()) << record.error;
  ASSERT_EQ(record.connections.size(), 20u);
  const std::size_t upgraded = count_ends(record, End::closed);
  const std::size_t refused = count_ends(record, End::refused);
  EXPECT_EQ(upgraded + refused, 20u);
  EXPECT_LE(upgraded, 5u);
  EXPECT_GE(refused, 15u);
  for (const auto& c : record.connections) {
    if (c.end != End::refused) continue;
    EXPECT_EQ(c.http_status, 503);
    EXPECT_TRUE(c.retry_after);
    EXPECT_EQ(c.upgraded_us, -1);
  }
  EXPECT_LE(record.metrics.peak_upgraded, 5u);
  const auto sums = sum_timeline(record);
  EXPECT_EQ(sums.statuses, (std::map<int, std::uint64_t>{{503, refused}}));
  // Once the holders are gone there is room again.
  EXPECT_TRUE(record.metrics.recover_ms.has_value());
}

TEST(BurstRunner, BrokenCapacityAnswers500) {
  RunningTarget target({"--max-connections", "5", "--broken", "500-on-overload"});
  ASSERT_NE(target.port(), 0);
  const auto record = run_burst(target_at(target.port()), over_capacity_spec());
  ASSERT_TRUE(record.error.empty()) << record.error;
  const std::size_t refused = count_ends(record, End::refused);
  EXPECT_GE(refused, 15u);
  for (const auto& c : record.connections) {
    if (c.end == End::refused) {
      EXPECT_EQ(c.http_status, 500);
    }
  }
  EXPECT_EQ(sum_timeline(record).statuses, (std::map<int, std::uint64_t>{{500, refused}}));
}

// Pipelined messages from every connection at once: far past --max-message-rate.
scenario::BurstSpec over_rate_spec() {
  scenario::BurstSpec spec;
  spec.connections = 4;
  spec.concurrency = 4;
  spec.messages = 30;
  spec.recover_within = 0ms;
  return spec;
}

void expect_shed_with(const scenario::BurstRecord& record, std::uint16_t code) {
  ASSERT_TRUE(record.error.empty()) << record.error;
  ASSERT_EQ(record.connections.size(), 4u);
  std::size_t shed = 0;
  std::uint64_t echoes = 0;
  for (const auto& c : record.connections) {
    echoes += c.echoes;
    EXPECT_FALSE(c.echo_mismatch);
    EXPECT_EQ(c.end, End::closed) << end_name(c.end);
    if (!c.close_code || *c.close_code == 1000) continue;
    EXPECT_EQ(*c.close_code, code);
    EXPECT_TRUE(c.server_closed_first);
    ++shed;
  }
  EXPECT_GE(shed, 1u);
  EXPECT_LT(echoes, 4u * 30u);
  EXPECT_EQ(sum_timeline(record).codes[code], shed);
}

TEST(BurstRunner, PastMaxMessageRateLiveConnectionsAreShedWith1013) {
  RunningTarget target({"--max-message-rate", "10"});
  ASSERT_NE(target.port(), 0);
  expect_shed_with(run_burst(target_at(target.port()), over_rate_spec()), 1013);
}

TEST(BurstRunner, BrokenRateOverloadCloses1011) {
  RunningTarget target({"--max-message-rate", "10", "--broken", "1011-on-overload"});
  ASSERT_NE(target.port(), 0);
  expect_shed_with(run_burst(target_at(target.port()), over_rate_spec()), 1011);
}

TEST(BurstRunner, TcpOnlyModeCountsConnects) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  scenario::BurstSpec spec;
  spec.connections = 300;
  spec.concurrency = 16;
  spec.handshake = false;
  spec.recover_within = 0ms;
  const auto record = run_burst(target_at(target.port()), spec);
  ASSERT_TRUE(record.error.empty()) << record.error;
  ASSERT_EQ(record.connections.size(), 300u);
  EXPECT_EQ(count_ends(record, End::closed), 300u);
  for (const auto& c : record.connections) {
    EXPECT_EQ(c.http_status, 0);
    EXPECT_EQ(c.upgraded_us, -1);
  }
  EXPECT_NEAR(record.metrics.connects_per_s * record.metrics.elapsed_ms / 1000, 300, 0.01);
  EXPECT_EQ(sum_timeline(record).opened, 300u);
  EXPECT_EQ(sum_timeline(record).upgraded, 0u);
}

TEST(BurstRunner, StopFlagCutsTheBurstShort) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  scenario::BurstSpec spec;
  spec.connections = 5;
  spec.concurrency = 5;
  spec.messages = 1;
  spec.hold = 60s;  // would hold a minute
  spec.duration = 120s;
  std::atomic<bool> stop{false};
  std::thread stopper([&stop] {
    std::this_thread::sleep_for(300ms);
    stop = true;
  });
  const auto record = run_burst(target_at(target.port()), spec, &stop);
  stopper.join();
  EXPECT_TRUE(record.cut_short);
  EXPECT_FALSE(record.metrics.recovery_checked);  // an interrupted run is not probed
  ASSERT_EQ(record.connections.size(), 5u);
  EXPECT_EQ(count_ends(record, End::none), 5u);
}

TEST(BurstRunner, DurationBoundsTheBurstAndLeavesTheRestUnstarted) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  scenario::BurstSpec spec;
  spec.connections = 1000;
  spec.concurrency = 2;
  spec.hold = 60s;
  spec.duration = 300ms;
  spec.recover_within = 2000ms;
  const auto record = run_burst(target_at(target.port()), spec);
  EXPECT_TRUE(record.cut_short);
  EXPECT_EQ(record.connections.size(), 2u);
  EXPECT_EQ(count_ends(record, End::none), 2u);
  EXPECT_TRUE(record.metrics.recovery_checked);
  EXPECT_TRUE(record.metrics.recover_ms.has_value());
}

TEST(BurstRunner, ConcurrencyPastTheFdLimitIsCappedAndSaid) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  rlimit original{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &original), 0);
  // A hard limit only root may raise again: lower it in a child process, not in this one.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    rlimit low{200, 200};
    if (::setrlimit(RLIMIT_NOFILE, &low) != 0) ::_exit(3);
    scenario::BurstSpec spec;
    spec.connections = 400;
    spec.concurrency = 400;
    spec.hold = 200ms;
    spec.recover_within = 0ms;
    const auto record = run_burst(target_at(target.port()), spec);
    const bool capped = record.spec.concurrency < 200 &&
                        record.metrics.peak_open <= record.spec.concurrency &&
                        !record.notes.empty() &&
                        record.notes.back().find("file-descriptor limit") != std::string::npos;
    const bool all_closed = count_ends(record, End::closed) == 400;
    ::_exit(capped && all_closed ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: not capped or not all closed; 3: setrlimit failed";
}

TEST(BurstRunner, WssIsAnErrorNotACrash) {
  std::string error;
  const auto target = scenario::parse_target_url("wss://127.0.0.1:1/", &error);
  ASSERT_TRUE(target.has_value()) << error;
  const auto record = run_burst(*target, scenario::BurstSpec{});
  EXPECT_NE(record.error.find("wss://"), std::string::npos);
  EXPECT_TRUE(record.connections.empty());
}

}  // namespace
}  // namespace wsconform::overload::test
