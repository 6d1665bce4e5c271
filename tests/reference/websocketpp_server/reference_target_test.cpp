// wsconform-websocketpp-server over real sockets on 127.0.0.1: echo, the errors websocketpp
// enforces, every fault hook, capacity and rate limits, graceful stop and restart, and every
// --broken mode misbehaving exactly as it says (so the harness's judge has a broken server to
// fail).
#include <gtest/gtest.h>

#include <csignal>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/raw_ws_client.hpp"
#include "support/target_process.hpp"
#include "wire/frame.hpp"

namespace wsconform::testing {
namespace {

using namespace std::chrono_literals;
using Kind = Incoming::Kind;

// Generous: under ASan a start takes a few hundred milliseconds.
constexpr auto kStartTimeout = 15s;
constexpr auto kExitTimeout = 10s;

// A server started for one test on an ephemeral port; killed and reaped when the test ends.
class RunningTarget {
 public:
  explicit RunningTarget(std::vector<std::string> args, bool capture_stderr = false) {
    args.insert(args.begin(), {"--host", "127.0.0.1", "--port", "0"});
    process_ =
        std::make_unique<TargetProcess>(WSCONFORM_WEBSOCKETPP_SERVER_PATH, args, capture_stderr);
    port_ = process_->wait_until_listening(kStartTimeout).value_or(0);
  }
  std::uint16_t port() const { return port_; }
  TargetProcess& process() { return *process_; }

 private:
  std::unique_ptr<TargetProcess> process_;
  std::uint16_t port_ = 0;
};

std::string describe(const Incoming& incoming) {
  switch (incoming.kind) {
    case Kind::frame:
      return "frame " + std::string(wire::opcode_name(incoming.frame.opcode)) + " '" +
             wire::string_of(incoming.frame.payload) + "'";
    case Kind::eof:
      return "eof";
    case Kind::reset:
      return "reset: " + incoming.detail;
    case Kind::timeout:
      return "timeout";
    case Kind::violation:
      return "violation: " + incoming.detail;
  }
  return "?";
}

void expect_echo(RawWsClient& client, std::uint8_t opcode, const std::string& payload) {
  ASSERT_TRUE(client.send_message(opcode, payload));
  const auto reply = client.read();
  ASSERT_EQ(reply.kind, Kind::frame) << describe(reply);
  EXPECT_EQ(reply.frame.opcode, opcode);
  EXPECT_TRUE(reply.frame.fin);
  EXPECT_FALSE(reply.frame.masked);
  EXPECT_EQ(wire::string_of(reply.frame.payload), payload);
}

// The server closes with `code`; we answer the close and the server then ends TCP.
void expect_close(RawWsClient& client, std::uint16_t code) {
  const auto close = client.read_until_close();
  ASSERT_TRUE(close.is_close()) << describe(close);
  EXPECT_EQ(close.close_code(), std::optional<std::uint16_t>(code));
  client.send_close(code);  // may fail if the server already dropped us: that is allowed
  const auto end = client.read_until_tcp_end();
  EXPECT_TRUE(end.kind == Kind::eof || end.kind == Kind::reset) << describe(end);
}

// TCP ends with no close frame at all.
void expect_dropped_without_close(RawWsClient& client) {
  const auto next = client.read();
  EXPECT_TRUE(next.kind == Kind::eof || next.kind == Kind::reset) << describe(next);
}

// Opens a connection, retrying briefly: a slot freed by a close is released just after the
// client sees the close, so the first attempts may still be refused.
std::unique_ptr<RawWsClient> open_within(std::uint16_t port, int attempts) {
  for (int attempt = 0; attempt < attempts; ++attempt) {
    auto client = std::make_unique<RawWsClient>();
    if (client->open(port)) return client;
    std::this_thread::sleep_for(20ms);
  }
  return nullptr;
}

wire::FrameSpec client_frame(std::uint8_t opcode, std::string_view payload, bool fin,
                             RawWsClient& client) {
  return wire::make_frame(opcode, wire::view_of(payload), client.next_mask_key(), fin);
}

// ---------------------------------------------------------------------------------------------
// Echo and the protocol errors websocketpp enforces.

TEST(ReferenceTarget, PrintsListeningLineAndEchoesTextAndBinary) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  RawWsClient client;
  ASSERT_TRUE(client.open(target.port()));
  expect_echo(client, wire::opcode::text, "hello, wsconform");
  expect_echo(client, wire::opcode::binary, std::string("\x00\xff\x10\x80", 4));
  expect_echo(client, wire::opcode::text, "");
  client.send_close(1000);
  const auto close = client.read_until_close();
  ASSERT_TRUE(close.is_close()) << describe(close);
  EXPECT_EQ(close.close_code(), std::optional<std::uint16_t>(1000));
}

TEST(ReferenceTarget, EchoesAFragmentedMessageWhole) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  RawWsClient client;
  ASSERT_TRUE(client.open(target.port()));
  ASSERT_TRUE(client.send_frame(client_frame(wire::opcode::text, "frag", false, client)));
  ASSERT_TRUE(client.send_frame(client_frame(wire::opcode::continuation, "men", false, client)));
  ASSERT_TRUE(client.send_frame(client_frame(wire::opcode::continuation, "ted", true, client)));
  const auto reply = client.read();
  ASSERT_EQ(reply.kind, Kind::frame) << describe(reply);
  EXPECT_EQ(reply.frame.opcode, wire::opcode::text);
  EXPECT_EQ(wire::string_of(reply.frame.payload), "fragmented");
}

TEST(ReferenceTarget, InvalidUtf8TextCloses1007) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  RawWsClient client;
  ASSERT_TRUE(client.open(target.port()));
  ASSERT_TRUE(client.send_message(wire::opcode::text, "bad \xc3\x28 utf-8"));
  expect_close(client, 1007);
}

TEST(ReferenceTarget, TruncatedCharacterAtTheEndOfAFragmentedMessageCloses1007) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  RawWsClient client;
  ASSERT_TRUE(client.open(target.port()));
  // websocketpp alone lets this through (it checks the last frame's opcode, a continuation).
  ASSERT_TRUE(client.send_frame(client_frame(wire::opcode::text, "complete ", false, client)));
  ASSERT_TRUE(
      client.send_frame(client_frame(wire::opcode::continuation, "\xe2\x82", true, client)));
  expect_close(client, 1007);
}

TEST(ReferenceTarget, MalformedOrDuplicatedKeyAndDuplicatedVersionGet400) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  const std::vector<std::string> bad_headers = {
      "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA\r\nSec-WebSocket-Version: 13\r\n",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Key: "
      "AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
      "Sec-WebSocket-Version: 13\r\n",
  };
  for (const std::string& headers : bad_headers) {
    RawWsClient client;
    ASSERT_TRUE(client.connect(target.port()));
    const std::string request =
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\n" +
        headers + "\r\n";
    ASSERT_TRUE(client.send_raw(wire::view_of(request)));
    const auto response = client.read_http_response();
    ASSERT_TRUE(response) << headers;
    EXPECT_EQ(response->status, 400) << headers;
  }
}

TEST(ReferenceTarget, OversizeMessageCloses1009) {
  RunningTarget target({"--max-message-size", "1024"});
  ASSERT_NE(target.port(), 0);
  RawWsClient client;
  ASSERT_TRUE(client.open(target.port()));
  expect_echo(client, wire::opcode::binary, std::string(1024, 'a'));  // the limit itself is fine
  ASSERT_TRUE(client.send_message(wire::opcode::binary, std::string(1025, 'b')));
  expect_close(client, 1009);
}

TEST(ReferenceTarget, UnmaskedClientFrameCloses1002) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  RawWsClient client;
  ASSERT_TRUE(client.open(target.port()));
  ASSERT_TRUE(client.send_frame(wire::make_frame(wire::opcode::text, wire::view_of("bare"))));
  expect_close(client, 1002);
}

// ---------------------------------------------------------------------------------------------
// Without --enable-faults the triggers are ordinary traffic.

TEST(ReferenceTarget, FaultsOffTriggersAreOrdinaryMessagesAndPaths) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  RawWsClient client;
  ASSERT_TRUE(client.open(target.port()));
  expect_echo(client, wire::opcode::text, "wsconform:throw");
  expect_echo(client, wire::opcode::text, "wsconform:restart");

  RawWsClient on_fault_path;
  ASSERT_TRUE(on_fault_path.open(target.port(), "/fault/handshake-throw"));
  expect_echo(on_fault_path, wire::opcode::text, "normal path");
  // The restart message above restarted nothing: the first connection is still served.
  expect_echo(client, wire::opcode::text, "still here");
}

// ---------------------------------------------------------------------------------------------
// Fault hooks.

TEST(ReferenceTarget, HandlerExceptionCloses1011AndOtherConnectionsCarryOn) {
  RunningTarget target({"--enable-faults"});
  ASSERT_NE(target.port(), 0);
  RawWsClient thrower;
  RawWsClient bystander;
  ASSERT_TRUE(thrower.open(target.port()));
  ASSERT_TRUE(bystander.open(target.port()));
  ASSERT_TRUE(thrower.send_text("wsconform:throw"));
  expect_close(thrower, 1011);
  expect_echo(bystander, wire::opcode::text, "after the throw");
  RawWsClient newcomer;
  ASSERT_TRUE(newcomer.open(target.port()));
  expect_echo(newcomer, wire::opcode::text, "new connection");
}

TEST(ReferenceTarget, HandshakeFaultGives500AndTheServerKeepsAccepting) {
  RunningTarget target({"--enable-faults"});
  ASSERT_NE(target.port(), 0);
  RawWsClient faulty;
  ASSERT_TRUE(faulty.connect(target.port()));
  const auto response = faulty.handshake("/fault/handshake-throw");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 500);

  RawWsClient normal;
  ASSERT_TRUE(normal.open(target.port()));
  expect_echo(normal, wire::opcode::text, "after the handshake fault");
}

// Both live clients get 1012, the server announces "restarted" and accepts on the same port.
void check_graceful_restart(RunningTarget& target, RawWsClient& first, RawWsClient& second) {
  expect_close(first, 1012);
  expect_close(second, 1012);
  ASSERT_TRUE(target.process().wait_for_line("restarted", kStartTimeout).has_value());
  RawWsClient after;
  ASSERT_TRUE(after.open(target.port()));
  expect_echo(after, wire::opcode::text, "after the restart");
}

TEST(ReferenceTarget, RestartByMessageCloses1012ForEveryClientThenAcceptsAgain) {
  RunningTarget target({"--enable-faults"});
  ASSERT_NE(target.port(), 0);
  RawWsClient trigger;
  RawWsClient bystander;
  ASSERT_TRUE(trigger.open(target.port()));
  ASSERT_TRUE(bystander.open(target.port()));
  ASSERT_TRUE(trigger.send_text("wsconform:restart"));
  check_graceful_restart(target, trigger, bystander);
}

TEST(ReferenceTarget, RestartBySighupCloses1012ForEveryClientThenAcceptsAgain) {
  RunningTarget target({"--enable-faults"});
  ASSERT_NE(target.port(), 0);
  RawWsClient first;
  RawWsClient second;
  ASSERT_TRUE(first.open(target.port()));
  ASSERT_TRUE(second.open(target.port()));
  target.process().send_signal(SIGHUP);
  check_graceful_restart(target, first, second);
}

TEST(ReferenceTarget, CapacityRefuses503WithRetryAfterAndFreesTheSlotOnClose) {
  RunningTarget target({"--max-connections", "1"});  // configuration: no --enable-faults needed
  ASSERT_NE(target.port(), 0);
  RawWsClient holder;
  ASSERT_TRUE(holder.open(target.port()));
  RawWsClient refused;
  ASSERT_TRUE(refused.connect(target.port()));
  const auto response = refused.handshake();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->header("Retry-After"), std::optional<std::string>("1"));

  ASSERT_TRUE(holder.send_close(1000));
  const auto close = holder.read_until_close();
  ASSERT_TRUE(close.is_close()) << describe(close);
  const auto next = open_within(target.port(), 50);
  ASSERT_NE(next, nullptr);
  expect_echo(*next, wire::opcode::text, "slot freed");
}

TEST(ReferenceTarget, MessageRateOverloadCloses1013) {
  RunningTarget target({"--max-message-rate", "2"});  // burst 2, then 2 per second
  ASSERT_NE(target.port(), 0);
  RawWsClient client;
  ASSERT_TRUE(client.open(target.port()));
  // Ten messages in one write arrive within microseconds: the bucket cannot keep up.
  wire::Bytes burst;
  for (int index = 0; index < 10; ++index) {
    wire::encode_frame_into(
        client_frame(wire::opcode::text, "m" + std::to_string(index), true, client), burst);
  }
  ASSERT_TRUE(client.send_raw(burst));
  int echoes = 0;
  Incoming incoming;
  for (int frames = 0; frames < 20; ++frames) {
    incoming = client.read();
    if (incoming.kind != Kind::frame || incoming.is_close()) break;
    ++echoes;
  }
  ASSERT_TRUE(incoming.is_close()) << describe(incoming);
  EXPECT_EQ(incoming.close_code(), std::optional<std::uint16_t>(1013));
  EXPECT_GE(echoes, 1);
  EXPECT_LE(echoes, 3);
}

TEST(ReferenceTarget, SigtermCloses1001AndExitsZero) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  RawWsClient client;
  ASSERT_TRUE(client.open(target.port()));
  target.process().send_signal(SIGTERM);
  expect_close(client, 1001);
  const auto exit = target.process().wait_for_exit(kExitTimeout);
  ASSERT_TRUE(exit.has_value());
  EXPECT_TRUE(exit->exited);
  EXPECT_EQ(exit->code, 0);
}

TEST(ReferenceTarget, SigintWithoutClientsExitsZero) {
  RunningTarget target({});
  ASSERT_NE(target.port(), 0);
  target.process().send_signal(SIGINT);
  const auto exit = target.process().wait_for_exit(kExitTimeout);
  ASSERT_TRUE(exit.has_value());
  EXPECT_TRUE(exit->exited);
  EXPECT_EQ(exit->code, 0);
}

TEST(ReferenceTarget, ClientThatNeverReadsItsEchoesIsCutOffWith1008) {
  RunningTarget target({"--max-message-size", "1024"});  // unread backlog limit: 2 KiB + 1 MiB
  ASSERT_NE(target.port(), 0);
  RawWsClient client;
  client.limit_receive_buffer(4096);
  ASSERT_TRUE(client.open(target.port()));
  wire::Bytes chunk;
  const std::string kibibyte(1024, 'e');
  constexpr int kFramesPerChunk = 256;
  constexpr int kChunks = 32;  // 8 MiB of echoes asked for, none read while sending
  for (int frame = 0; frame < kFramesPerChunk; ++frame) {
    wire::encode_frame_into(client_frame(wire::opcode::binary, kibibyte, true, client), chunk);
  }
  for (int sent = 0; sent < kChunks && client.send_raw(chunk); ++sent) {
  }
  int echoes = 0;
  Incoming incoming;
  for (int frames = 0; frames <= kChunks * kFramesPerChunk; ++frames) {
    incoming = client.read();
    if (incoming.kind != Kind::frame || incoming.is_close()) break;
    ++echoes;
  }
  // Without the limit every echo would arrive and the next read would time out. With it, the
  // stream ends early. websocketpp drops TCP right after a 1008 close frame; if our bytes are
  // still unread on its side, Linux answers with RST, which can destroy that close frame in
  // flight: so either the close frame says 1008, or TCP ended.
  EXPECT_LT(echoes, kChunks * kFramesPerChunk);
  if (incoming.is_close()) {
    EXPECT_EQ(incoming.close_code(), std::optional<std::uint16_t>(1008));
  } else {
    EXPECT_TRUE(incoming.kind == Kind::eof || incoming.kind == Kind::reset) << describe(incoming);
  }
}

TEST(ReferenceTarget, StopAndRestartAreBoundedWhenAClientNeverAnswersTheClose) {
  RunningTarget target({"--enable-faults"});
  ASSERT_NE(target.port(), 0);
  RawWsClient silent;
  ASSERT_TRUE(silent.open(target.port()));
  target.process().send_signal(SIGHUP);
  const auto restart_close = silent.read_until_close();
  ASSERT_TRUE(restart_close.is_close()) << describe(restart_close);
  EXPECT_EQ(restart_close.close_code(), std::optional<std::uint16_t>(1012));
  // We never answer: the server drops us itself and still comes back.
  const auto dropped = silent.read_until_tcp_end();
  EXPECT_TRUE(dropped.kind == Kind::eof || dropped.kind == Kind::reset) << describe(dropped);
  ASSERT_TRUE(target.process().wait_for_line("restarted", kStartTimeout).has_value());

  RawWsClient still_silent;
  ASSERT_TRUE(still_silent.open(target.port()));
  target.process().send_signal(SIGTERM);
  const auto stop_close = still_silent.read_until_close();
  ASSERT_TRUE(stop_close.is_close()) << describe(stop_close);
  EXPECT_EQ(stop_close.close_code(), std::optional<std::uint16_t>(1001));
  const auto exit = target.process().wait_for_exit(kExitTimeout);
  ASSERT_TRUE(exit.has_value());
  EXPECT_TRUE(exit->exited);
  EXPECT_EQ(exit->code, 0);
}

// Runs one echo and a graceful stop; returns what the server wrote to stderr.
std::string stderr_of_one_session(RunningTarget& target) {
  RawWsClient client;
  EXPECT_TRUE(client.open(target.port()));
  expect_echo(client, wire::opcode::text, "logged?");
  target.process().send_signal(SIGTERM);
  expect_close(client, 1001);
  EXPECT_TRUE(target.process().wait_for_exit(kExitTimeout).has_value());
  return target.process().captured_stderr(kExitTimeout);
}

TEST(ReferenceTarget, LoggingIsOffByDefault) {
  RunningTarget target({}, /*capture_stderr=*/true);
  ASSERT_NE(target.port(), 0);
  EXPECT_EQ(stderr_of_one_session(target), "");
}

TEST(ReferenceTarget, VerboseLogsToStderrAndKeepsStdoutForTheProtocolLines) {
  RunningTarget target({"--verbose"}, /*capture_stderr=*/true);
  ASSERT_NE(target.port(), 0);  // the listening line was the first thing parsed from stdout
  EXPECT_NE(stderr_of_one_session(target), "");
  EXPECT_FALSE(target.process().wait_for_line("", 100ms).has_value()) << "extra stdout output";
}

TEST(ReferenceTarget, PortInUseExitsWithStatus1) {
  RunningTarget first({});
  ASSERT_NE(first.port(), 0);
  TargetProcess second(WSCONFORM_WEBSOCKETPP_SERVER_PATH, {"--port", std::to_string(first.port())},
                       /*capture_stderr=*/true);
  const auto exit = second.wait_for_exit(kExitTimeout);
  ASSERT_TRUE(exit.has_value());
  EXPECT_TRUE(exit->exited);
  EXPECT_EQ(exit->code, 1);
  EXPECT_NE(second.captured_stderr(kExitTimeout).find("cannot listen"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Broken modes: each one must really be broken, in exactly its own way.

TEST(ReferenceTargetBroken, DropOnExceptionDropsTcpWithoutCloseFrame) {
  RunningTarget target({"--enable-faults", "--broken", "drop-on-exception"});
  ASSERT_NE(target.port(), 0);
  RawWsClient thrower;
  RawWsClient bystander;
  ASSERT_TRUE(thrower.open(target.port()));
  ASSERT_TRUE(bystander.open(target.port()));
  ASSERT_TRUE(thrower.send_text("wsconform:throw"));
  expect_dropped_without_close(thrower);
  expect_echo(bystander, wire::opcode::text, "the server itself is fine");
}

TEST(ReferenceTargetBroken, Close1011OnOverloadInsteadOf1013) {
  RunningTarget target({"--max-message-rate", "1", "--broken", "1011-on-overload"});
  ASSERT_NE(target.port(), 0);
  RawWsClient client;
  ASSERT_TRUE(client.open(target.port()));
  wire::Bytes burst;
  for (int index = 0; index < 5; ++index) {
    wire::encode_frame_into(client_frame(wire::opcode::text, "x", true, client), burst);
  }
  ASSERT_TRUE(client.send_raw(burst));
  expect_close(client, 1011);
}

TEST(ReferenceTargetBroken, NoCloseFrameOnRestart) {
  RunningTarget target({"--enable-faults", "--broken", "no-1012-on-restart"});
  ASSERT_NE(target.port(), 0);
  RawWsClient trigger;
  RawWsClient bystander;
  ASSERT_TRUE(trigger.open(target.port()));
  ASSERT_TRUE(bystander.open(target.port()));
  ASSERT_TRUE(trigger.send_text("wsconform:restart"));
  expect_dropped_without_close(trigger);
  expect_dropped_without_close(bystander);
  // Only the close frame is missing: the restart itself still happens.
  ASSERT_TRUE(target.process().wait_for_line("restarted", kStartTimeout).has_value());
  RawWsClient after;
  ASSERT_TRUE(after.open(target.port()));
}

TEST(ReferenceTargetBroken, HandshakeFaultGives400InsteadOf500) {
  RunningTarget target({"--enable-faults", "--broken", "400-on-handshake-fault"});
  ASSERT_NE(target.port(), 0);
  RawWsClient faulty;
  ASSERT_TRUE(faulty.connect(target.port()));
  const auto response = faulty.handshake("/fault/handshake-throw");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400);
}

TEST(ReferenceTargetBroken, CapacityRefusalWithoutRetryAfter) {
  RunningTarget target({"--max-connections", "1", "--broken", "no-retry-after"});
  ASSERT_NE(target.port(), 0);
  RawWsClient holder;
  ASSERT_TRUE(holder.open(target.port()));
  RawWsClient refused;
  ASSERT_TRUE(refused.connect(target.port()));
  const auto response = refused.handshake();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->header_count("Retry-After"), 0u);
}

TEST(ReferenceTargetBroken, CapacityRefusalIs500InsteadOf503) {
  RunningTarget target({"--max-connections", "1", "--broken", "500-on-overload"});
  ASSERT_NE(target.port(), 0);
  RawWsClient holder;
  ASSERT_TRUE(holder.open(target.port()));
  RawWsClient refused;
  ASSERT_TRUE(refused.connect(target.port()));
  const auto response = refused.handshake();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 500);
}

// ---------------------------------------------------------------------------------------------
// Command line.

ProcessExit run_to_exit(const std::vector<std::string>& args, std::string& stderr_text) {
  TargetProcess process(WSCONFORM_WEBSOCKETPP_SERVER_PATH, args, /*capture_stderr=*/true);
  stderr_text = process.captured_stderr(kExitTimeout);
  return process.wait_for_exit(kExitTimeout).value_or(ProcessExit{false, -1, -1});
}

TEST(ReferenceTargetCli, UnknownBrokenModeIsAUsageErrorListingTheValidOnes) {
  std::string stderr_text;
  const auto exit = run_to_exit({"--port", "0", "--broken", "no-such-mode"}, stderr_text);
  EXPECT_TRUE(exit.exited);
  EXPECT_EQ(exit.code, 2);
  for (const char* mode : {"drop-on-exception", "1011-on-overload", "no-1012-on-restart",
                           "400-on-handshake-fault", "no-retry-after", "500-on-overload"}) {
    EXPECT_NE(stderr_text.find(mode), std::string::npos) << mode << " missing in: " << stderr_text;
  }
}

TEST(ReferenceTargetCli, BadCommandLinesExitWithStatus2) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--no-such-option"},
                                                                {"--port", "not-a-number"},
                                                                {"--port", "70000"},
                                                                {"--max-message-size", "0"},
                                                                {"--max-message-rate", "-1"}}) {
    std::string stderr_text;
    const auto exit = run_to_exit(args, stderr_text);
    EXPECT_TRUE(exit.exited) << args.front();
    EXPECT_EQ(exit.code, 2) << args.front() << " " << args.back();
    EXPECT_FALSE(stderr_text.empty()) << args.front();
  }
}

}  // namespace
}  // namespace wsconform::testing
