// One burst connection's state machine against in-test servers on 127.0.0.1, correct and hostile:
// masking and keys, pings, the close handshake both ways, and every way a server can misbehave
// (drop, huge declared length, garbage, silence, a refusal that never ends, wrong echoes). Each
// must end in its own recorded outcome, within the step timeout, never the duration.
#include <gtest/gtest.h>

#include <set>

#include "burst_test_support.hpp"
#include "scenario/runner_test_servers.hpp"

namespace wsconform::overload::test {
namespace {

using asio::ip::tcp;
using scenario::test_servers::Log;
using scenario::test_servers::ServerLog;
using test_support::LoopbackServer;
using test_support::RawWsServerConnection;

Log new_log() {
  return std::make_shared<ServerLog>();
}

// Small and quick: a misbehaving server must be caught by the step timeout, not the duration.
scenario::BurstSpec small_spec(std::size_t connections = 3, std::size_t messages = 2) {
  scenario::BurstSpec spec;
  spec.connections = connections;
  spec.concurrency = connections;
  spec.messages = messages;
  spec.step_timeout = 300ms;
  spec.duration = 20s;
  spec.recover_within = 0ms;
  return spec;
}

scenario::BurstRecord burst(const LoopbackServer& server, const scenario::BurstSpec& spec) {
  return run_burst(target_at(server.port()), spec);
}

void expect_all_end(const scenario::BurstRecord& record, End end, std::size_t count) {
  ASSERT_TRUE(record.error.empty()) << record.error;
  EXPECT_FALSE(record.cut_short);  // the step timeout ended it, not the duration
  ASSERT_EQ(record.connections.size(), count);
  for (const auto& c : record.connections) EXPECT_EQ(c.end, end) << end_name(c.end);
}

// --- correct servers -----------------------------------------------------------------------

TEST(BurstClient, MasksEveryFrameAndSendsAFreshKeyEachTime) {
  auto log = new_log();
  LoopbackServer server(scenario::test_servers::echo_server(log));
  const auto record = burst(server, small_spec(5, 3));
  expect_all_end(record, End::closed, 5);
  for (const auto& c : record.connections) EXPECT_EQ(c.echoes, 3u);
  std::lock_guard lock(log->mutex);
  EXPECT_FALSE(log->violation.has_value()) << log->violation->detail;  // §5.1: all masked
  std::set<std::string> keys;
  for (const auto& request : log->requests) {
    EXPECT_NE(request.find("Upgrade: websocket"), std::string::npos);
    EXPECT_NE(request.find("Sec-WebSocket-Version: 13"), std::string::npos);
    keys.insert(RawWsServerConnection::key_of(request));
  }
  EXPECT_EQ(log->requests.size(), 5u);
  EXPECT_EQ(keys.size(), 5u);
  std::set<std::uint32_t> masks;
  for (const auto& frame : log->frames) {
    EXPECT_TRUE(frame.masked);
    masks.insert(static_cast<std::uint32_t>(frame.mask_key[0]) << 24 | frame.mask_key[1] << 16 |
                 frame.mask_key[2] << 8 | frame.mask_key[3]);
  }
  EXPECT_EQ(log->frames.size(), 5u * 4u);  // three messages and a close each
  EXPECT_GT(masks.size(), 15u);            // fresh keys (a collision among 20 is possible)
}

// Handshakes, pings, checks the pong, then closes with `code` (none: an empty body) and logs the
// close frame the client answered with.
LoopbackServer::Behaviour pinging_closer(Log log, std::optional<std::uint16_t> code) {
  return [log, code](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    co_await connection.accept(*request);
    co_await connection.send_frame(wire::opcode::ping, wire::view_of("are you there"));
    for (;;) {
      const auto frame = co_await connection.read_frame();
      if (!frame) co_return;
      log->add_frame(*frame);
      if (frame->opcode == wire::opcode::pong) break;
    }
    co_await connection.send_frame(wire::opcode::close, wire::encode_close_payload(code));
    for (;;) {
      const auto frame = co_await connection.read_frame();
      if (!frame) co_return;
      log->add_frame(*frame);
      if (frame->opcode == wire::opcode::close) break;
    }
    connection.socket().close();  // §7.1.1: the server closes TCP first
  };
}

TEST(BurstClient, AnswersPingsAndTheServersCloseEchoingItsCode) {
  auto log = new_log();
  LoopbackServer server(pinging_closer(log, 1001));
  auto spec = small_spec(2, 0);
  spec.hold = 10s;  // stays open: the server ends it
  const auto record = burst(server, spec);
  expect_all_end(record, End::closed, 2);
  for (const auto& c : record.connections) {
    EXPECT_TRUE(c.server_closed_first);
    EXPECT_EQ(c.close_code, std::optional<std::uint16_t>(1001));
  }
  const auto pongs = log->frames_with(wire::opcode::pong);
  ASSERT_EQ(pongs.size(), 2u);
  for (const auto& pong : pongs) EXPECT_EQ(wire::string_of(pong.payload), "are you there");
  const auto closes = log->frames_with(wire::opcode::close);
  ASSERT_EQ(closes.size(), 2u);
  for (const auto& close : closes) {
    EXPECT_EQ(scenario::test_servers::close_code_of(close), std::optional<std::uint16_t>(1001));
  }
  EXPECT_EQ(sum_timeline(record).codes[1001], 2u);
}

TEST(BurstClient, AnEmptyCloseIsAnsweredWithAnEmptyClose) {
  auto log = new_log();
  LoopbackServer server(pinging_closer(log, std::nullopt));
  auto spec = small_spec(1, 0);
  spec.hold = 10s;
  const auto record = burst(server, spec);
  expect_all_end(record, End::closed, 1);
  EXPECT_TRUE(record.connections[0].close_without_code);
  EXPECT_FALSE(record.connections[0].close_code.has_value());
  const auto closes = log->frames_with(wire::opcode::close);
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_TRUE(closes[0].payload.empty());
  EXPECT_TRUE(sum_timeline(record).codes.empty());
}

// --- hostile servers -----------------------------------------------------------------------

LoopbackServer::Behaviour dropping_server() {
  return [](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    co_await connection.accept(*request);
    connection.socket().close();  // no close frame
  };
}

TEST(BurstClient, TcpEndWithoutACloseFrameIsADrop) {
  LoopbackServer server(dropping_server());
  auto spec = small_spec(4, 1);
  spec.hold = 10s;
  const auto record = burst(server, spec);
  expect_all_end(record, End::dropped, 4);
  for (const auto& c : record.connections) EXPECT_FALSE(c.close_code.has_value());
  EXPECT_EQ(sum_timeline(record).dropped, 4u);
}

TEST(BurstClient, AHugeDeclaredLengthIsAViolationNotAnAllocation) {
  // A binary frame declaring 2^63 - 1 bytes, with a few bytes behind it.
  const wire::Bytes huge = {0x82, 0x7F, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3};
  LoopbackServer server(scenario::test_servers::server_that_sends_first(new_log(), huge));
  const auto record = burst(server, small_spec(3, 1));
  expect_all_end(record, End::violation, 3);
}

TEST(BurstClient, GarbageFramesAreAViolation) {
  const wire::Bytes reserved_opcode = {0x83, 0x00};
  LoopbackServer server(
      scenario::test_servers::server_that_sends_first(new_log(), reserved_opcode, true));
  const auto record = burst(server, small_spec(2, 1));
  expect_all_end(record, End::violation, 2);
}

TEST(BurstClient, AMaskedServerFrameIsAViolation) {
  // §5.1: a server must not mask.
  const auto masked = scenario::test_servers::server_frame(wire::opcode::text, "00000000hidden",
                                                           wire::MaskKey{1, 2, 3, 4});
  LoopbackServer server(scenario::test_servers::server_that_sends_first(new_log(), masked));
  const auto record = burst(server, small_spec(1, 1));
  expect_all_end(record, End::violation, 1);
}

TEST(BurstClient, GarbageInsteadOfHttpFailsTheHandshake) {
  LoopbackServer server(scenario::test_servers::http_answer_server(
      new_log(), std::string("\x01\x02garbage\r\n\r\n")));
  const auto record = burst(server, small_spec(3, 1));
  expect_all_end(record, End::handshake_failed, 3);
  for (const auto& c : record.connections) EXPECT_EQ(c.http_status, 0);
}

TEST(BurstClient, ASilentServerFailsTheHandshakeAtTheStepTimeout) {
  LoopbackServer server(scenario::test_servers::silent_server(new_log()));
  const auto record = burst(server, small_spec(3, 1));
  expect_all_end(record, End::handshake_failed, 3);
  for (const auto& c : record.connections) {
    EXPECT_EQ(c.http_status, 0);
    EXPECT_EQ(c.upgraded_us, -1);
  }
}

TEST(BurstClient, AWrongAcceptFailsTheHandshake) {
  LoopbackServer server(scenario::test_servers::wrong_accept_server(new_log()));
  const auto record = burst(server, small_spec(2, 1));
  expect_all_end(record, End::handshake_failed, 2);
  for (const auto& c : record.connections) EXPECT_EQ(c.http_status, 101);
  EXPECT_EQ(sum_timeline(record).upgraded, 0u);
}

TEST(BurstClient, ARefusalWhoseBodyNeverEndsIsReadOnlyUpToItsBound) {
  // Declares 100 MB and keeps sending: the client reads 64 KiB of it at most, then leaves.
  auto flooding = [](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    co_await connection.write(
        wire::view_of("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100000000\r\n\r\n"));
    const wire::Bytes chunk(16 * 1024, 'x');
    for (int i = 0; i < 1024 && connection.socket().is_open(); ++i) {
      auto [error, size] =
          co_await asio::async_write(connection.socket(), asio::buffer(chunk),
                                     asio::experimental::as_tuple(asio::use_awaitable));
      if (error) co_return;
    }
  };
  LoopbackServer server(flooding);
  const auto record = burst(server, small_spec(2, 1));
  expect_all_end(record, End::refused, 2);
  for (const auto& c : record.connections) {
    EXPECT_EQ(c.http_status, 503);
    EXPECT_FALSE(c.retry_after);
  }
}

TEST(BurstClient, ARefusalWithoutBodyEndsWhenTheServerCloses) {
  auto refusing = [](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    co_await connection.write(
        wire::view_of("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 3\r\n\r\n"));
    connection.socket().close();
  };
  LoopbackServer server(refusing);
  const auto record = burst(server, small_spec(2, 1));
  expect_all_end(record, End::refused, 2);
  for (const auto& c : record.connections) EXPECT_TRUE(c.retry_after);
}

TEST(BurstClient, AServerThatNeverEchoesIsCutAtTheDuration) {
  LoopbackServer server(scenario::test_servers::deaf_server(new_log()));
  auto spec = small_spec(2, 3);
  spec.duration = 400ms;
  const auto record = run_burst(target_at(server.port()), spec);
  EXPECT_TRUE(record.cut_short);
  ASSERT_EQ(record.connections.size(), 2u);
  for (const auto& c : record.connections) {
    EXPECT_EQ(c.end, End::none) << end_name(c.end);
    EXPECT_EQ(c.messages_sent, 3u);
    EXPECT_EQ(c.echoes, 0u);
  }
}

TEST(BurstClient, AnUnansweredCloseIsRecorded) {
  LoopbackServer server(scenario::test_servers::deaf_server(new_log()));
  const auto record = burst(server, small_spec(2, 0));  // closes right after the upgrade
  expect_all_end(record, End::close_unanswered, 2);
}

// Echoes each message with `alter` applied to its payload.
LoopbackServer::Behaviour altering_echo(std::function<void(wire::Bytes&, int)> alter) {
  return [alter](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    co_await connection.accept(*request);
    for (int index = 0;; ++index) {
      auto frame = co_await connection.read_frame();
      if (!frame) co_return;
      if (frame->opcode == wire::opcode::close) {
        co_await connection.send_frame(wire::opcode::close, frame->payload);
        co_return;
      }
      alter(frame->payload, index);
      if (!frame->payload.empty())
        co_await connection.send_frame(wire::opcode::text, frame->payload);
    }
  };
}

TEST(BurstClient, AnAlteredEchoIsAMismatch) {
  LoopbackServer server(altering_echo([](wire::Bytes& payload, int index) {
    if (index == 1) payload.back() ^= 0x01;  // the second message comes back changed
  }));
  const auto record = burst(server, small_spec(2, 3));
  expect_all_end(record, End::closed, 2);
  for (const auto& c : record.connections) {
    EXPECT_TRUE(c.echo_mismatch);
    EXPECT_EQ(c.echoes, 2u);
  }
}

TEST(BurstClient, AnEchoOutOfOrderOrMissingIsAMismatch) {
  // Message 0 is swallowed: what comes back first is message 1.
  LoopbackServer server(altering_echo([](wire::Bytes& payload, int index) {
    if (index == 0) payload.clear();
  }));
  auto spec = small_spec(1, 3);
  spec.duration = 500ms;  // the last echo never comes
  const auto record = run_burst(target_at(server.port()), spec);
  ASSERT_EQ(record.connections.size(), 1u);
  EXPECT_TRUE(record.connections[0].echo_mismatch);
  EXPECT_EQ(record.connections[0].echoes, 0u);
}

TEST(BurstClient, APingFloodIsAnsweredWithinBoundsUntilTheServerLeaves) {
  auto log = new_log();
  LoopbackServer server(scenario::test_servers::ping_flood_server(log, 20000));
  auto spec = small_spec(2, 0);
  spec.hold = 30s;  // the server ends it with a FIN, no close frame
  const auto record = burst(server, spec);
  expect_all_end(record, End::dropped, 2);
}

TEST(BurstClient, AServerThatAnswersTheCloseButKeepsTcpOpenIsClosedByUsInTime) {
  // §7.1.1: the server should close TCP first; this one never does.
  auto lingering = [](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    co_await connection.accept(*request);
    for (;;) {
      const auto frame = co_await connection.read_frame();
      if (!frame) co_return;
      if (frame->opcode == wire::opcode::close) break;
    }
    co_await connection.send_frame(wire::opcode::close, wire::encode_close_payload(1000));
    co_await connection.wait_for_eof(30s);
  };
  LoopbackServer server(lingering);
  const auto record = burst(server, small_spec(2, 0));
  expect_all_end(record, End::closed, 2);
  for (const auto& c : record.connections) {
    EXPECT_EQ(c.close_code, std::optional<std::uint16_t>(1000));
    EXPECT_FALSE(c.server_closed_first);
  }
}

TEST(BurstClient, NothingListeningIsAConnectFailure) {
  auto spec = small_spec(3, 1);
  const auto record = run_burst(target_at(unused_port()), spec);
  expect_all_end(record, End::connect_failed, 3);
  EXPECT_EQ(record.metrics.connects_per_s, 0);
}

}  // namespace
}  // namespace wsconform::overload::test
