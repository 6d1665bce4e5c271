// The raw server over real loopback sockets: the handshake, echo, and how TCP ends (FIN after
// the close frame, never RST, even with unread bytes behind a violation).
#include "reference/raw_server/raw_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "blocking_ws_client.hpp"
#include "wire/close_payload.hpp"
#include "wire/http.hpp"

namespace wsconform::raw_server {
namespace {

using namespace std::chrono_literals;
using testing::BlockingWsClient;
using testing::close_code;
using End = BlockingWsClient::End;
namespace opcode = wire::opcode;

RawServerOptions options_with(BrokenModes modes, unsigned threads = 1) {
  RawServerOptions options;
  options.modes = std::move(modes);
  options.threads = threads;
  return options;
}

RawServerOptions liberal_options(LiberalModes liberties) {
  RawServerOptions options;
  options.liberties = std::move(liberties);
  return options;
}

wire::Bytes masked_close(std::uint16_t code) {
  return wire::encode_frame(
      wire::make_frame(opcode::close, wire::encode_close_payload(code), wire::MaskKey{1, 2, 3, 4}));
}

std::uint16_t start(RawServer& server) {
  const std::uint16_t port = server.start();
  EXPECT_NE(port, 0);
  return port;
}

// Connects and completes the opening handshake.
void open(BlockingWsClient& client, std::uint16_t port) {
  ASSERT_TRUE(client.connect(port));
  const std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
  const std::optional<wire::HttpResponse> response =
      client.handshake(BlockingWsClient::standard_request(key));
  ASSERT_TRUE(response);
  EXPECT_TRUE(wire::check_upgrade_response(*response, key).empty());
}

TEST(RawServer, StartReturnsTheBoundPortAndStopJoinsWithAConnectionOpen) {
  RawServer server(RawServerOptions{});
  const std::uint16_t port = start(server);
  EXPECT_EQ(server.port(), port);
  BlockingWsClient client;
  open(client, port);
  const auto before = std::chrono::steady_clock::now();
  server.stop();
  server.stop();  // idempotent
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
  EXPECT_EQ(server.connections_accepted(), 1u);
}

TEST(RawServer, StartTwiceIsAnError) {
  RawServer server(RawServerOptions{});
  start(server);
  EXPECT_THROW(server.start(), std::logic_error);
}

TEST(RawServer, EchoesMessagesLargerThanOneReadAndAnswersPings) {
  RawServer server(RawServerOptions{});
  BlockingWsClient client;
  open(client, start(server));
  const std::string big(200 * 1024, 'b');
  ASSERT_TRUE(client.send_frame(opcode::text, "Hello"));
  ASSERT_TRUE(client.send_frame(opcode::binary, big));
  ASSERT_TRUE(client.send_frame(opcode::ping, "are you there"));
  const BlockingWsClient::Received received = client.read_frames(3);
  ASSERT_EQ(received.frames.size(), 3u);
  EXPECT_EQ(wire::string_of(received.frames[0].payload), "Hello");
  EXPECT_EQ(received.frames[1].opcode, opcode::binary);
  EXPECT_EQ(received.frames[1].payload.size(), big.size());
  EXPECT_EQ(received.frames[2].opcode, opcode::pong);
  EXPECT_EQ(wire::string_of(received.frames[2].payload), "are you there");
}

TEST(RawServer, CloseIsAnsweredThenTheServerSendsFin) {
  RawServer server(RawServerOptions{});
  BlockingWsClient client;
  open(client, start(server));
  ASSERT_TRUE(client.send(wire::encode_frame(wire::make_frame(
      opcode::close, wire::encode_close_payload(1000, "bye"), wire::MaskKey{9, 9, 9, 9}))));
  const BlockingWsClient::Received received = client.read_until_end();
  ASSERT_EQ(received.frames.size(), 1u);
  EXPECT_EQ(close_code(received.frames[0]), 1000);
  EXPECT_EQ(received.end, End::eof);
}

TEST(RawServer, AViolationWithBytesQueuedBehindItEndsWithCloseAndFinNotReset) {
  RawServer server(RawServerOptions{});
  BlockingWsClient client;
  open(client, start(server));
  wire::Bytes bytes = wire::encode_frame(wire::make_frame(3, {}, wire::MaskKey{1, 2, 3, 4}));
  for (int i = 0; i < 50; ++i) {
    const wire::Bytes ping = wire::encode_frame(
        wire::make_frame(opcode::binary, wire::Bytes(4000, 7), wire::MaskKey{1, 2, 3, 4}));
    bytes.insert(bytes.end(), ping.begin(), ping.end());
  }
  ASSERT_TRUE(client.send(bytes));
  const BlockingWsClient::Received received = client.read_until_end();
  ASSERT_EQ(received.frames.size(), 1u);
  EXPECT_EQ(close_code(received.frames[0]), 1002);
  EXPECT_EQ(received.end, End::eof);
}

TEST(RawServer, ABadRequestGets400ThenFin) {
  RawServer server(RawServerOptions{});
  BlockingWsClient client;
  ASSERT_TRUE(client.connect(start(server)));
  const std::optional<wire::HttpResponse> response =
      client.handshake("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(client.skip_until_end(), End::eof);
}

TEST(RawServer, KeepTcpOpenLeavesTcpOpenUntilTheClientEndsIt) {
  RawServer server(options_with({BrokenMode::keep_tcp_open}));
  BlockingWsClient client(300ms);
  open(client, start(server));
  ASSERT_TRUE(client.send(wire::encode_frame(wire::make_frame(
      opcode::close, wire::encode_close_payload(1000), wire::MaskKey{1, 2, 3, 4}))));
  const BlockingWsClient::Received received = client.read_until_end();
  ASSERT_EQ(received.frames.size(), 1u);
  EXPECT_EQ(close_code(received.frames[0]), 1000);
  EXPECT_EQ(received.end, End::timeout);  // no FIN from the server
  client.shutdown_send();
  EXPECT_EQ(client.read_until_end().end, End::eof);
}

TEST(RawServer, ProcessAfterCloseAnswersAPingSentAfterTheClose) {
  RawServer server(options_with({BrokenMode::process_after_close}));
  BlockingWsClient client;
  open(client, start(server));
  ASSERT_TRUE(client.send(wire::encode_frame(wire::make_frame(
      opcode::close, wire::encode_close_payload(1000), wire::MaskKey{1, 2, 3, 4}))));
  ASSERT_TRUE(client.send_frame(opcode::ping, "too late"));
  const BlockingWsClient::Received received = client.read_until_end();
  ASSERT_EQ(received.frames.size(), 2u);
  EXPECT_EQ(received.frames[0].opcode, opcode::pong);
  EXPECT_EQ(close_code(received.frames[1]), 1000);
  EXPECT_EQ(received.end, End::eof);
}

TEST(RawServer, ServesManyClientsAtOnceOnTwoThreads) {
  RawServer server(options_with({}, 2));
  const std::uint16_t port = start(server);
  std::vector<std::thread> clients;
  std::atomic<int> echoed{0};
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&, i] {
      BlockingWsClient client;
      if (!client.connect(port) || !client.handshake(BlockingWsClient::standard_request())) return;
      const std::string text = "client " + std::to_string(i);
      for (int round = 0; round < 20; ++round) {
        if (!client.send_frame(opcode::text, text)) return;
        const auto received = client.read_frames(1);
        if (received.frames.size() == 1 && wire::string_of(received.frames[0].payload) == text) {
          ++echoed;
        }
      }
    });
  }
  for (std::thread& thread : clients) thread.join();
  EXPECT_EQ(echoed.load(), 8 * 20);
}

// ---- liberal modes over real sockets -------------------------------------------------------

TEST(RawServerLiberalModes, FailByDropEndsWithFinAndNoCloseFrame) {
  RawServer server(liberal_options({LiberalMode::fail_by_drop}));
  BlockingWsClient client;
  open(client, start(server));
  ASSERT_TRUE(client.send_frame(3, "reserved"));
  const BlockingWsClient::Received received = client.read_until_end();
  EXPECT_TRUE(received.frames.empty());
  EXPECT_EQ(received.end, End::eof);  // FIN, not RST
}

TEST(RawServerLiberalModes, UnsolicitedPongsSendsAHeartbeatWithThe101AndAfterEachEcho) {
  RawServer server(liberal_options({LiberalMode::unsolicited_pongs}));
  BlockingWsClient client;
  open(client, start(server));
  ASSERT_TRUE(client.send_frame(opcode::text, "Hi"));
  ASSERT_TRUE(client.send_frame(opcode::pong, "mine"));
  const BlockingWsClient::Received received = client.read_frames(4);
  ASSERT_EQ(received.frames.size(), 4u);
  const std::vector<std::pair<std::uint8_t, std::string>> expected = {{opcode::pong, "heartbeat"},
                                                                      {opcode::text, "Hi"},
                                                                      {opcode::pong, "heartbeat"},
                                                                      {opcode::pong, "mine"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(received.frames[i].opcode, expected[i].first) << i;
    EXPECT_EQ(wire::string_of(received.frames[i].payload), expected[i].second) << i;
  }
}

TEST(RawServerLiberalModes, NoPongAfterCloseAnswersOnlyTheCloseAfterItsWait) {
  RawServer server(liberal_options({LiberalMode::no_pong_after_close}));
  BlockingWsClient client;
  open(client, start(server));
  const auto before = std::chrono::steady_clock::now();
  wire::Bytes bytes = masked_close(1000);
  const wire::Bytes ping = wire::encode_frame(
      wire::make_frame(opcode::ping, wire::view_of("late"), wire::MaskKey{5, 6, 7, 8}));
  bytes.insert(bytes.end(), ping.begin(), ping.end());
  ASSERT_TRUE(client.send(bytes));
  ASSERT_TRUE(client.send_frame(opcode::ping, "later"));
  const BlockingWsClient::Received received = client.read_until_end();
  EXPECT_GE(std::chrono::steady_clock::now() - before, 20ms);
  ASSERT_EQ(received.frames.size(), 1u);
  EXPECT_EQ(close_code(received.frames[0]), 1000);
  EXPECT_EQ(received.end, End::eof);
}

TEST(RawServerLiberalModes, NoSizeLimitDiscardsAHugeFrameAndKeepsServingOthers) {
  RawServerOptions options = liberal_options({LiberalMode::no_size_limit});
  options.max_message_size = 64 * 1024;
  RawServer server(options);
  const std::uint16_t port = start(server);
  BlockingWsClient huge(300ms);
  open(huge, port);
  wire::FrameSpec spec = wire::make_frame(opcode::binary, {}, wire::MaskKey{1, 2, 3, 4});
  spec.length_form = wire::LengthForm::long64;
  spec.declared_length = std::uint64_t{1} << 40;
  ASSERT_TRUE(huge.send(wire::encode_frame_header(spec)));
  const wire::Bytes chunk(256 * 1024, 0x2a);
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(huge.send(chunk));  // 2 MiB, far past the cap
  const BlockingWsClient::Received nothing = huge.read_frames(1);
  EXPECT_TRUE(nothing.frames.empty());
  EXPECT_EQ(nothing.end, End::timeout);  // no close, no FIN: still reading

  BlockingWsClient other;
  open(other, port);
  ASSERT_TRUE(other.send_frame(opcode::text, "still served"));
  const BlockingWsClient::Received echoed = other.read_frames(1);
  ASSERT_EQ(echoed.frames.size(), 1u);
  EXPECT_EQ(wire::string_of(echoed.frames[0].payload), "still served");
}

TEST(RawServerLiberalModes, TheHandshakeModesAnswerWithAnHttpStatusThenFin) {
  RawServer server(
      liberal_options({LiberalMode::refuse_origin_403, LiberalMode::plain_http_without_upgrade}));
  const std::uint16_t port = start(server);
  BlockingWsClient origin;
  ASSERT_TRUE(origin.connect(port));
  std::string request = BlockingWsClient::standard_request();
  request.insert(request.size() - 2, "Origin: http://example.com\r\n");
  const std::optional<wire::HttpResponse> forbidden = origin.handshake(request);
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(forbidden->status, 403);
  EXPECT_EQ(origin.skip_until_end(), End::eof);

  BlockingWsClient plain;
  ASSERT_TRUE(plain.connect(port));
  const std::optional<wire::HttpResponse> page =
      plain.handshake("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(plain.skip_until_end(), End::eof);
}

}  // namespace
}  // namespace wsconform::raw_server
