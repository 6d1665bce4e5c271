// The runner against in-test servers on 127.0.0.1: a correct echo server and misbehaving ones.
// Each test checks that the transcript records exactly what the server did, and (where it says
// something) what the judge makes of it.
#include "scenario/runner/runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "runner_test_servers.hpp"
#include "scenario/judge/judge.hpp"
#include "scenario/model/barrier.hpp"
#include "scenario/runner/session.hpp"  // the recording caps

namespace wsconform::scenario {
namespace {

using namespace std::chrono_literals;
using test_servers::Log;
using test_servers::LoopbackServer;
using test_servers::ServerLog;

// ---- building cases ------------------------------------------------------------------------

SendFrameStep send(std::uint8_t opcode, std::string_view payload, bool fin = true) {
  SendFrameStep step;
  step.frame.opcode = opcode;
  step.frame.fin = fin;
  step.frame.payload = wire::bytes_of(payload);
  return step;
}

AwaitStep await(AwaitStep::What what, std::size_t count = 1,
                std::optional<std::chrono::milliseconds> timeout = std::nullopt) {
  AwaitStep step;
  step.what = what;
  step.count = count;
  step.timeout = timeout;
  return step;
}

CloseStep close_with(std::optional<std::uint16_t> code = 1000) {
  CloseStep step;
  step.code = code;
  return step;
}

Case make_case(std::string id, std::vector<Step> steps, Expectation expect = {}) {
  Case c;
  c.id = std::move(id);
  c.requirement.level = Level::must;
  for (auto& step : steps) c.steps.push_back(LocatedStep{std::move(step), {}});
  c.expect = std::move(expect);
  return c;
}

Expectation echo_and_close(std::vector<std::uint16_t> codes = {1000}) {
  Expectation outcome;
  outcome.echo = true;
  outcome.close = CloseExpectation{std::move(codes), false, false, std::nullopt};
  return outcome;
}

// The echo case: text, wait for its echo, close normally.
Case echo_case(std::string id = "test/echo") {
  return make_case(
      std::move(id),
      {send(wire::opcode::text, "Hello"), await(AwaitStep::What::message), close_with(1000)},
      echo_and_close());
}

RunOptions options_with(std::chrono::milliseconds step_timeout = 3000ms) {
  RunOptions options;
  options.step_timeout = step_timeout;
  options.case_timeout = 10000ms;
  options.connect_timeout = 2000ms;
  options.seed = 7;
  return options;
}

Target local(std::uint16_t port) {
  return parse_target_url("ws://127.0.0.1:" + std::to_string(port) + "/chat", nullptr).value();
}

std::vector<const Event*> events_of(const Transcript& t, Event::Kind kind) {
  std::vector<const Event*> found;
  for (const Event& event : t.events) {
    if (event.kind == kind) found.push_back(&event);
  }
  return found;
}

bool has_event_containing(const Transcript& t, Event::Kind kind, std::string_view text) {
  for (const Event* event : events_of(t, kind)) {
    if (event->summary.find(text) != std::string::npos) return true;
  }
  return false;
}

// ---- a correct server ----------------------------------------------------------------------

TEST(Runner, EchoCaseRecordsTheWholeExchangeAndPasses) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  const Case c = echo_case();

  const Transcript t = run_case(c, local(server.port()), options_with());

  EXPECT_FALSE(t.harness_error.has_value()) << *t.harness_error;
  EXPECT_EQ(t.case_id, "test/echo");
  EXPECT_TRUE(t.upgraded);
  EXPECT_TRUE(t.upgrade_problems.empty());
  EXPECT_EQ(t.request.rfind("GET /chat HTTP/1.1\r\n", 0), 0u) << t.request;
  EXPECT_NE(t.request.find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"),
            std::string::npos);
  ASSERT_TRUE(t.response.has_value());
  EXPECT_EQ(t.response->status, 101);
  ASSERT_EQ(t.messages.size(), 1u);
  EXPECT_EQ(t.messages[0].opcode, wire::opcode::text);
  EXPECT_EQ(wire::string_of(t.messages[0].payload), "Hello");
  ASSERT_EQ(t.sent_messages.size(), 1u);
  EXPECT_EQ(wire::string_of(t.sent_messages[0]), "Hello");
  EXPECT_EQ(t.sent_message_opcodes, std::vector<std::uint8_t>{wire::opcode::text});
  ASSERT_TRUE(t.server_close.has_value());
  EXPECT_EQ(t.server_close->code, std::optional<std::uint16_t>(1000));
  EXPECT_TRUE(t.client_sent_close);
  EXPECT_GE(t.client_close_at_us, 0);
  EXPECT_EQ(t.tcp_end, TcpEnd::fin);
  EXPECT_GE(t.tcp_end_at_us, t.client_close_at_us);
  EXPECT_FALSE(t.server_violation.has_value());
  EXPECT_FALSE(t.data_after_server_close);
  EXPECT_GT(t.bytes_sent, 0u);
  EXPECT_GT(t.bytes_received, 0u);
  EXPECT_EQ(t.frames_received.size(), 2u);  // the echo and the close

  // Every frame the server saw was masked (its decoder refuses unmasked client frames, §5.1).
  EXPECT_FALSE(log->violation.has_value());
  ASSERT_EQ(log->frames_with(wire::opcode::text).size(), 1u);
  EXPECT_TRUE(log->frames_with(wire::opcode::text)[0].masked);
  const auto closes = log->frames_with(wire::opcode::close);
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(test_servers::close_code_of(closes[0]), std::optional<std::uint16_t>(1000));

  EXPECT_EQ(events_of(t, Event::Kind::connected).size(), 1u);
  EXPECT_EQ(events_of(t, Event::Kind::handshake_response).size(), 1u);
  EXPECT_EQ(events_of(t, Event::Kind::frame_sent).size(), 2u);
  EXPECT_EQ(events_of(t, Event::Kind::message_received).size(), 1u);
  EXPECT_EQ(events_of(t, Event::Kind::tcp_end).size(), 1u);
  EXPECT_TRUE(events_of(t, Event::Kind::timeout).empty());
  EXPECT_TRUE(std::is_sorted(t.events.begin(), t.events.end(),
                             [](const Event& a, const Event& b) { return a.at_us < b.at_us; }));

  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(Runner, AHealthyCaseWaitsOnEventsNotOnTimers) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  Case c = make_case("test/barrier-then-close",
                     {send(wire::opcode::text, "one"), SendFrameStep(send(wire::opcode::pong, "x")),
                      BarrierStep{}, await(AwaitStep::What::message), close_with(1000)});

  // Every wait is bounded by 3 s; a runner that slept on any timer would show it.
  const Transcript t = run_case(c, local(server.port()), options_with(3000ms));

  EXPECT_FALSE(t.harness_error.has_value());
  EXPECT_EQ(t.tcp_end, TcpEnd::fin);
  EXPECT_LT(t.duration_us, 500'000)
      << "a case against a healthy local server took " << t.duration_us << " us";
}

TEST(Runner, FragmentedSendIsOneSentMessage) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  const Case c =
      make_case("test/fragmented",
                {send(wire::opcode::text, "Hel", false), send(wire::opcode::continuation, "lo"),
                 await(AwaitStep::What::message), close_with(1000)},
                echo_and_close());

  const Transcript t = run_case(c, local(server.port()), options_with());

  ASSERT_EQ(t.sent_messages.size(), 1u);
  EXPECT_EQ(wire::string_of(t.sent_messages[0]), "Hello");
  ASSERT_EQ(t.messages.size(), 1u);
  EXPECT_EQ(wire::string_of(t.messages[0].payload), "Hello");
  EXPECT_EQ(log->frames_with(wire::opcode::text).size(), 1u);
  EXPECT_EQ(log->frames_with(wire::opcode::continuation).size(), 1u);
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(Runner, ChoppedFrameIsOneWritePerByteAndArrivesIntact) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  SendFrameStep chopped = send(wire::opcode::text, "Hi");
  chopped.segmentation.chop = 1;
  const Case c =
      make_case("test/chopped", {chopped, await(AwaitStep::What::message), close_with(1000)},
                echo_and_close());

  const Transcript t = run_case(c, local(server.port()), options_with());

  // The handshake is one write; the 8-byte frame (2 header + 4 key + 2 payload) is eight.
  const auto writes = events_of(t, Event::Kind::bytes_sent);
  ASSERT_GE(writes.size(), 9u);
  for (std::size_t i = 1; i <= 8; ++i) EXPECT_EQ(writes[i]->size, 1u) << "write " << i;
  ASSERT_EQ(t.messages.size(), 1u);
  EXPECT_EQ(wire::string_of(t.messages[0].payload), "Hi");
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

FloodStep flood_of(std::size_t count) {
  FloodStep flood;
  flood.size = 65536;
  flood.count = count;
  flood.stall = 300ms;
  return flood;
}

TEST(Runner, AFloodAgainstAServerThatReadsOnIsWrittenWhole) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::deaf_server(log));  // reads and discards, sends nothing
  const Case c = make_case("test/flood-taken", {flood_of(64)});

  // The deaf server never answers the cleanup's close: a short step timeout ends the wait.
  const Transcript t = run_case(c, local(server.port()), options_with(500ms));

  ASSERT_EQ(t.floods.size(), 1u);
  EXPECT_FALSE(t.floods[0].stalled);
  EXPECT_EQ(t.floods[0].messages_written, 64u);
  EXPECT_EQ(t.floods[0].bytes_written, 64u * (65536 + 14));  // 14: a 64-bit length and a key
  EXPECT_TRUE(t.sent_messages.empty());                      // a flood is not expected back
}

TEST(Runner, AFloodStallsWhenTheServerStopsReadingAndItsEchoesAreCountedNotKept) {
  const Log log = std::make_shared<ServerLog>();
  // The echo server blocks on its own writes while the harness reads nothing, so it stops reading.
  LoopbackServer server(test_servers::echo_server(log));
  const Case c =
      make_case("test/flood-stalled",
                {flood_of(1024), await(AwaitStep::What::end, 1, 300ms), close_with(1000)});

  const Transcript t = run_case(c, local(server.port()), options_with(5000ms));

  ASSERT_EQ(t.floods.size(), 1u);
  EXPECT_TRUE(t.floods[0].stalled);
  EXPECT_LT(t.floods[0].messages_written, 1024u);
  EXPECT_GT(t.floods[0].echoes_received, 0u);
  EXPECT_TRUE(t.messages.empty());
  Expectation stalled;
  stalled.flood_stalled = true;
  EXPECT_EQ(judge(make_case("test/flood-stalled", {}, stalled), t).verdict, Verdict::pass);
}

TEST(Runner, HeldFramesGoOutInTheNextSendsWriteCutByItsChop) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  SendFrameStep first = send(wire::opcode::text, "one");
  first.with_next = true;
  SendFrameStep second = send(wire::opcode::text, "two");
  second.with_next = true;
  SendFrameStep last = send(wire::opcode::text, "three");
  const Case together = make_case(
      "test/together", {first, second, last, await(AwaitStep::What::message, 3), close_with(1000)});

  const Transcript t = run_case(together, local(server.port()), options_with());

  // The handshake is one write; the three frames (9 + 9 + 11 bytes) are one more.
  const auto writes = events_of(t, Event::Kind::bytes_sent);
  ASSERT_GE(writes.size(), 2u);
  EXPECT_EQ(writes[1]->size, 29u);
  ASSERT_EQ(t.sent_messages.size(), 3u);
  EXPECT_EQ(wire::string_of(t.sent_messages[2]), "three");
  ASSERT_EQ(t.messages.size(), 3u);
  EXPECT_EQ(wire::string_of(t.messages[0].payload), "one");
  EXPECT_EQ(wire::string_of(t.messages[2].payload), "three");

  last.segmentation.chop = 10;
  const Case chopped = make_case(
      "test/together-chopped", {first, last, await(AwaitStep::What::message, 2), close_with(1000)});
  const Transcript c = run_case(chopped, local(server.port()), options_with());
  const auto pieces = events_of(c, Event::Kind::bytes_sent);
  ASSERT_GE(pieces.size(), 3u);  // 9 + 11 bytes in writes of 10
  EXPECT_EQ(pieces[1]->size, 10u);
  EXPECT_EQ(pieces[2]->size, 10u);
  EXPECT_EQ(c.messages.size(), 2u);
}

TEST(Runner, FragmentSizeSendsThePayloadAsOneMessageInFramesOfThatSize) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  SendFrameStep fragmented = send(wire::opcode::text, "Hello");
  fragmented.fragment_size = 2;
  const Case c =
      make_case("test/fragment-size",
                {fragmented, await(AwaitStep::What::message), close_with(1000)}, echo_and_close());

  const Transcript t = run_case(c, local(server.port()), options_with());

  const auto texts = log->frames_with(wire::opcode::text);
  const auto continuations = log->frames_with(wire::opcode::continuation);
  ASSERT_EQ(texts.size(), 1u);
  ASSERT_EQ(continuations.size(), 2u);
  EXPECT_EQ(wire::string_of(texts[0].payload), "He");
  EXPECT_FALSE(texts[0].fin);
  EXPECT_FALSE(continuations[0].fin);
  EXPECT_EQ(wire::string_of(continuations[1].payload), "o");
  EXPECT_TRUE(continuations[1].fin);
  ASSERT_EQ(t.sent_messages.size(), 1u);
  EXPECT_EQ(wire::string_of(t.sent_messages[0]), "Hello");
  // The three frames (8 + 8 + 7 bytes) go out in one write behind the handshake.
  const auto writes = events_of(t, Event::Kind::bytes_sent);
  ASSERT_GE(writes.size(), 2u);
  EXPECT_EQ(writes[1]->size, 23u);
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(Runner, FramesRightBehindThe101AreDecoded) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::server_that_sends_first(
      log, test_servers::server_frame(wire::opcode::text, "early"), /*in_the_same_write=*/true));
  const Case c = make_case("test/early", {await(AwaitStep::What::message), close_with(1000)});

  const Transcript t = run_case(c, local(server.port()), options_with());

  EXPECT_TRUE(t.upgraded);
  ASSERT_EQ(t.messages.size(), 1u);
  EXPECT_EQ(wire::string_of(t.messages[0].payload), "early");
}

TEST(Runner, ServerPingIsAnsweredWithAMaskedPongOfTheSamePayload) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::server_that_sends_first(
      log, test_servers::server_frame(wire::opcode::ping, "are you there")));
  const Case c = make_case("test/server-ping", {BarrierStep{}, close_with(1000)});

  const Transcript t = run_case(c, local(server.port()), options_with());

  EXPECT_FALSE(t.harness_error.has_value());
  const auto pongs = log->frames_with(wire::opcode::pong);
  ASSERT_EQ(pongs.size(), 1u);
  EXPECT_EQ(wire::string_of(pongs[0].payload), "are you there");
  EXPECT_TRUE(pongs[0].masked);
}

TEST(Runner, ServerCloseIsAnsweredEchoingItsCode) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(
      test_servers::server_that_sends_first(log, test_servers::server_close(1001, "going away")));
  Expectation expect;
  expect.close = CloseExpectation{{1001}, false, false, std::nullopt};
  const Case c = make_case("test/server-closes", {await(AwaitStep::What::end)}, expect);

  const Transcript t = run_case(c, local(server.port()), options_with());

  ASSERT_TRUE(t.server_close.has_value());
  EXPECT_EQ(t.server_close->code, std::optional<std::uint16_t>(1001));
  EXPECT_EQ(wire::string_of(t.server_close->reason), "going away");
  EXPECT_EQ(t.server_close->body_size, 12u);
  EXPECT_TRUE(t.client_sent_close);
  const auto closes = log->frames_with(wire::opcode::close);
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(test_servers::close_code_of(closes[0]), std::optional<std::uint16_t>(1001));
  EXPECT_EQ(t.tcp_end, TcpEnd::fin);
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(Runner, BarrierPongIsRecordedButIsNotAnApplicationPong) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  Expectation expect;
  expect.pongs = std::vector<wire::Bytes>{};
  expect.close = CloseExpectation{{1000}, false, false, std::nullopt};
  const Case c = make_case(
      "test/barrier",
      {SendFrameStep(send(wire::opcode::pong, "unsolicited")), BarrierStep{}, close_with(1000)},
      expect);

  const Transcript t = run_case(c, local(server.port()), options_with());

  ASSERT_EQ(t.pongs.size(), 1u);
  EXPECT_TRUE(is_barrier_pong(t.pongs[0]));
  const auto pings = log->frames_with(wire::opcode::ping);
  ASSERT_EQ(pings.size(), 1u);
  EXPECT_EQ(pings[0].payload, t.pongs[0]);
  EXPECT_TRUE(events_of(t, Event::Kind::timeout).empty());
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(Runner, AwaitCountsOnlyWhatArrivedSinceTheLastAwait) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  const Case c =
      make_case("test/two-awaits",
                {send(wire::opcode::text, "a"), await(AwaitStep::What::message),
                 send(wire::opcode::text, "b"), await(AwaitStep::What::message), close_with(1000)},
                echo_and_close());

  const Transcript t = run_case(c, local(server.port()), options_with());

  ASSERT_EQ(t.messages.size(), 2u);
  EXPECT_EQ(wire::string_of(t.messages[1].payload), "b");
  // The second await waited for "b": it arrived before our close went out.
  EXPECT_LT(t.messages[1].at_us, t.client_close_at_us);
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(Runner, ACaseWhoseVerdictIsDecidedStopsWaiting) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  Expectation nothing_back;
  nothing_back.messages = std::vector<ExpectedMessage>{};
  const Case c = make_case(
      "test/decided", {send(wire::opcode::text, "must not come back"), await(AwaitStep::What::end)},
      nothing_back);

  const Transcript t = run_case(c, local(server.port()), options_with());

  // The echo already fails the case: no wait for an end that no server owes any more.
  EXPECT_TRUE(t.ended_early);
  EXPECT_TRUE(events_of(t, Event::Kind::timeout).empty());
  EXPECT_TRUE(has_event_containing(t, Event::Kind::note, "early verdict"));
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);

  RunOptions patient = options_with(200ms);
  patient.early_verdicts = false;
  const Transcript waited = run_case(c, local(server.port()), patient);
  EXPECT_FALSE(waited.ended_early);
  EXPECT_FALSE(events_of(waited, Event::Kind::timeout).empty());
  EXPECT_EQ(judge(c, waited).verdict, Verdict::fail);  // the same verdict, the long way
}

TEST(Runner, CaseLeftOpenIsClosedWith1000) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  const Case c = make_case("test/left-open", {send(wire::opcode::text, "x")});

  const Transcript t = run_case(c, local(server.port()), options_with());

  EXPECT_TRUE(t.client_sent_close);
  EXPECT_TRUE(has_event_containing(t, Event::Kind::note, "cleanup"));
  const auto closes = log->frames_with(wire::opcode::close);
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(test_servers::close_code_of(closes[0]), std::optional<std::uint16_t>(1000));
  EXPECT_EQ(t.tcp_end, TcpEnd::fin);
}

TEST(Runner, TheSameSeedGivesTheSameBytes) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  const Case c = echo_case();
  const auto sent_frames = [](const Transcript& t) {
    std::vector<wire::Bytes> frames;
    for (const Event* event : events_of(t, Event::Kind::frame_sent)) frames.push_back(event->bytes);
    return frames;
  };

  const Transcript first = run_case(c, local(server.port()), options_with());
  const Transcript again = run_case(c, local(server.port()), options_with());
  RunOptions other_seed = options_with();
  other_seed.seed = 8;
  const Transcript other = run_case(c, local(server.port()), other_seed);

  EXPECT_EQ(first.request, again.request);
  EXPECT_EQ(sent_frames(first), sent_frames(again));
  EXPECT_NE(first.request, other.request);
  EXPECT_NE(sent_frames(first), sent_frames(other));
}

// ---- misbehaving servers -------------------------------------------------------------------

TEST(Runner, WrongAcceptIsAnUpgradeProblemAndFails) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::wrong_accept_server(log));
  const Case c = echo_case("test/wrong-accept");

  const Transcript t = run_case(c, local(server.port()), options_with());

  EXPECT_FALSE(t.harness_error.has_value());
  EXPECT_TRUE(t.upgraded);
  ASSERT_FALSE(t.upgrade_problems.empty());
  const bool names_accept = std::any_of(
      t.upgrade_problems.begin(), t.upgrade_problems.end(),
      [](const std::string& p) { return p.find("Sec-WebSocket-Accept") != std::string::npos; });
  EXPECT_TRUE(names_accept) << t.upgrade_problems[0];
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);
}

TEST(Runner, MaskedServerFrameIsAViolationAndDecodingStops) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::server_that_sends_first(
      log, test_servers::server_frame(wire::opcode::text, "masked!", wire::MaskKey{1, 2, 3, 4})));
  const Case c = make_case("test/masked", {await(AwaitStep::What::message), close_with(1000)});

  const Transcript t = run_case(c, local(server.port()), options_with());

  ASSERT_TRUE(t.server_violation.has_value());
  EXPECT_EQ(t.server_violation->rule, wire::Rule::masked_server_frame);
  EXPECT_TRUE(t.messages.empty());
  EXPECT_EQ(events_of(t, Event::Kind::server_violation).size(), 1u);
  EXPECT_TRUE(events_of(t, Event::Kind::timeout).empty());  // nothing waited for the impossible
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);
}

TEST(Runner, Close1006IsRecordedAsSentAndAnsweredWith1002) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(
      test_servers::server_that_sends_first(log, test_servers::server_close(1006)));
  const Case c = make_case("test/close-1006", {await(AwaitStep::What::end)});
  RunOptions options = options_with();
  options.early_verdicts = false;  // 1006 decides the verdict at once; this looks at the reply

  const Transcript t = run_case(c, local(server.port()), options);

  ASSERT_TRUE(t.server_close.has_value());
  EXPECT_EQ(t.server_close->code, std::optional<std::uint16_t>(1006));
  EXPECT_FALSE(t.server_violation.has_value());  // recorded as it is; the judge judges it
  const auto closes = log->frames_with(wire::opcode::close);
  ASSERT_EQ(closes.size(), 1u);
  // §7.4.1: 1006 may never be sent, so the harness does not echo it.
  EXPECT_EQ(test_servers::close_code_of(closes[0]), std::optional<std::uint16_t>(1002));
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);
}

TEST(Runner, DataAfterTheServersCloseIsFlagged) {
  const Log log = std::make_shared<ServerLog>();
  wire::Bytes close_then_data = test_servers::server_close(1000);
  const wire::Bytes late = test_servers::server_frame(wire::opcode::text, "late");
  close_then_data.insert(close_then_data.end(), late.begin(), late.end());
  LoopbackServer server(test_servers::server_that_sends_first(log, close_then_data));
  const Case c = make_case("test/data-after-close", {await(AwaitStep::What::end)});

  const Transcript t = run_case(c, local(server.port()), options_with());

  EXPECT_TRUE(t.data_after_server_close);
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);
}

TEST(Runner, SilentServerIsAHarnessErrorWithinTheStepTimeout) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::silent_server(log));
  const Case c = echo_case("test/silent");

  const auto started = std::chrono::steady_clock::now();
  const Transcript t = run_case(c, local(server.port()), options_with(200ms));
  const auto took = std::chrono::steady_clock::now() - started;

  ASSERT_TRUE(t.harness_error.has_value());
  EXPECT_NE(t.harness_error->find("handshake"), std::string::npos) << *t.harness_error;
  EXPECT_EQ(t.tcp_end, TcpEnd::silence);
  EXPECT_FALSE(t.upgraded);
  EXPECT_GE(took, 200ms);
  EXPECT_LT(took, 2000ms);
  EXPECT_EQ(judge(c, t).verdict, Verdict::error);
}

TEST(Runner, CaseTimeoutCutsALongAwaitShort) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::deaf_server(log));
  Case c =
      make_case("test/case-timeout", {send(wire::opcode::text, "anyone?"),
                                      await(AwaitStep::What::message, 1, 20s), close_with(1000)});
  c.timeout = 300ms;

  const auto started = std::chrono::steady_clock::now();
  const Transcript t = run_case(c, local(server.port()), options_with());
  const auto took = std::chrono::steady_clock::now() - started;

  EXPECT_TRUE(has_event_containing(t, Event::Kind::timeout, "case timed out"));
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 2000ms);
  EXPECT_TRUE(t.upgraded);
  EXPECT_EQ(t.tcp_end, TcpEnd::open);  // the harness closed it when time ran out
}

TEST(Runner, AwaitThatTimesOutIsRecordedAndTheCaseGoesOn) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  const Case c =
      make_case("test/await-pong", {await(AwaitStep::What::pong, 1, 100ms), close_with(1000)});

  const Transcript t = run_case(c, local(server.port()), options_with());

  EXPECT_TRUE(has_event_containing(t, Event::Kind::timeout, "await 1 pong"));
  ASSERT_TRUE(t.server_close.has_value());  // the close step still ran
  EXPECT_EQ(t.tcp_end, TcpEnd::fin);
}

TEST(Runner, ResetIsRecordedAsRst) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::resetting_server(log));
  Expectation expect;
  expect.close = CloseExpectation{{1002}, false, /*or_dropped=*/true, std::nullopt};
  const Case c = make_case("test/reset",
                           {send(wire::opcode::text, "boom"), await(AwaitStep::What::end)}, expect);

  const Transcript t = run_case(c, local(server.port()), options_with());

  EXPECT_EQ(t.tcp_end, TcpEnd::rst);
  EXPECT_GE(t.tcp_end_at_us, 0);
  EXPECT_FALSE(t.server_close.has_value());
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(Runner, PingFloodFromAServerThatNeverReadsStaysBounded) {
  const Log log = std::make_shared<ServerLog>();
  // 60,000 pings (7.6 MB) and a pong owed for each: more than the socket buffers hold, so the
  // harness's pongs back up while the pings keep coming.
  LoopbackServer server(test_servers::ping_flood_server(log, 60000));
  Case c = make_case("test/ping-flood", {await(AwaitStep::What::end, 1, 5s)});
  c.timeout = 8s;

  const auto started = std::chrono::steady_clock::now();
  const Transcript t = run_case(c, local(server.port()), options_with(1000ms));
  const auto took = std::chrono::steady_clock::now() - started;

  EXPECT_EQ(t.tcp_end, TcpEnd::fin);
  EXPECT_GE(t.bytes_received, 60000u * 127u);
  // The recording caps, not one frame per ping.
  EXPECT_EQ(t.frames_received.size(), runner_detail::kMaxRecordedFrames);
  EXPECT_LT(t.events.size(), runner_detail::kMaxReceiveEvents + 500);
  EXPECT_TRUE(has_event_containing(t, Event::Kind::note, "past the recording limits"));
  EXPECT_TRUE(has_event_containing(t, Event::Kind::note, "a newer ping replaces the pong"));
  EXPECT_LT(took, 8s);
}

TEST(Runner, RefusedHandshakeIsAHarnessErrorWhenAnUpgradeWasNeeded) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::http_answer_server(
      log, "HTTP/1.1 403 Forbidden\r\nContent-Length: 5\r\n\r\nnope!"));
  const Case c = echo_case("test/refused");

  const Transcript t = run_case(c, local(server.port()), options_with());

  ASSERT_TRUE(t.harness_error.has_value());
  EXPECT_NE(t.harness_error->find("handshake refused: HTTP 403 Forbidden"), std::string::npos)
      << *t.harness_error;
  ASSERT_TRUE(t.response.has_value());
  EXPECT_EQ(t.response->status, 403);
  EXPECT_FALSE(t.upgraded);
  EXPECT_EQ(t.tcp_end, TcpEnd::harness_closed);
  EXPECT_LT(t.duration_us, 500'000);  // Content-Length said 5: no waiting for more
  EXPECT_EQ(judge(c, t).verdict, Verdict::error);
}

TEST(Runner, RefusedHandshakeIsTheObservationWhenExpected) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::http_answer_server(
      log, "HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\n\r\nbad request"));
  HandshakeStep handshake;
  handshake.remove = {"Sec-WebSocket-Key"};
  handshake.expect_upgrade = false;
  Expectation expect;
  expect.http_status = {400};
  const Case c = make_case("test/missing-key", {handshake}, expect);

  const Transcript t = run_case(c, local(server.port()), options_with());

  EXPECT_FALSE(t.harness_error.has_value());
  EXPECT_EQ(t.request.find("Sec-WebSocket-Key"), std::string::npos) << t.request;
  ASSERT_TRUE(t.response.has_value());
  EXPECT_EQ(t.response->status, 400);
  ASSERT_TRUE(has_event_containing(t, Event::Kind::note, "response body, 11 bytes"));
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(Runner, RawHandshakeExpandsItsPlaceholders) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  HandshakeStep handshake;
  handshake.raw =
      "GET {path} HTTP/1.1\r\nhost: {host}\r\nupgrade: websocket\r\nconnection: Upgrade\r\n"
      "sec-websocket-key: {key}\r\nsec-websocket-version: 13\r\n\r\n";
  handshake.key = "dGhlIHNhbXBsZSBub25jZQ==";
  const Case c = make_case("test/raw-handshake", {handshake, close_with(1000)});

  const Transcript t = run_case(c, local(server.port()), options_with());

  EXPECT_EQ(t.request, "GET /chat HTTP/1.1\r\nhost: 127.0.0.1:" + std::to_string(server.port()) +
                           "\r\nupgrade: websocket\r\nconnection: Upgrade\r\n"
                           "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                           "sec-websocket-version: 13\r\n\r\n");
  EXPECT_TRUE(t.upgraded);
  EXPECT_TRUE(t.upgrade_problems.empty());
  ASSERT_TRUE(t.response.has_value());
  EXPECT_EQ(t.response->header("Sec-WebSocket-Accept"),
            std::optional<std::string>("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

TEST(Runner, MalformedResponseIsRecorded) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::http_answer_server(
      log, "HTTP/1.1 101 Switching Protocols\r\nno colon\r\n\r\n"));
  const Case c = echo_case("test/malformed-response");

  const Transcript t = run_case(c, local(server.port()), options_with());

  EXPECT_FALSE(t.response_error.empty());
  ASSERT_TRUE(t.harness_error.has_value());
  EXPECT_NE(t.harness_error->find("malformed"), std::string::npos);
  EXPECT_FALSE(t.upgraded);
  EXPECT_EQ(t.tcp_end, TcpEnd::harness_closed);
}

TEST(Runner, RefusedConnectionIsAHarnessError) {
  std::uint16_t closed_port = 0;
  {
    asio::io_context io;
    asio::ip::tcp::acceptor probe(io, {asio::ip::address_v4::loopback(), 0});
    closed_port = probe.local_endpoint().port();
  }
  const Case c = echo_case("test/refused-connection");

  const Transcript t = run_case(c, local(closed_port), options_with());

  ASSERT_TRUE(t.harness_error.has_value());
  EXPECT_EQ(t.tcp_end, TcpEnd::connect_failed);
  EXPECT_FALSE(t.response.has_value());
  EXPECT_EQ(judge(c, t).verdict, Verdict::error);
}

// ---- many cases ----------------------------------------------------------------------------

TEST(RunCases, TwentyCasesFourAtATimeComeBackInOrder) {
  const Log log = std::make_shared<ServerLog>();
  // The handshake answer waits 20 ms, so that cases in flight overlap at the server.
  LoopbackServer server(test_servers::echo_server(log, 20ms));
  std::vector<Case> cases;
  for (int i = 0; i < 20; ++i) {
    cases.push_back(echo_case("test/echo-" + std::string(i < 10 ? "0" : "") + std::to_string(i)));
  }
  RunOptions options = options_with();
  options.jobs = 4;
  std::vector<std::string> finished;

  const std::vector<CaseResult> results =
      run_cases(cases, local(server.port()), options, {},
                [&](const CaseResult& result) { finished.push_back(result.transcript.case_id); });

  ASSERT_EQ(results.size(), 20u);
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].test_case, &cases[i]);
    EXPECT_EQ(results[i].transcript.case_id, cases[i].id);
    EXPECT_EQ(results[i].judgement.verdict, Verdict::pass) << cases[i].id;
    EXPECT_GT(results[i].duration_ms, 0.0);
  }
  EXPECT_EQ(finished.size(), 20u);
  EXPECT_LE(log->most_open_connections.load(), 4);
  EXPECT_GE(log->most_open_connections.load(), 2);
  EXPECT_EQ(server.connections_accepted(), 20);
}

// A timed case (echo_load) against a server that echoes but never answers a close: the close wait
// after its timing is over. `quick` cases are cut off by their own timeout while they wait.
Case timed_case(std::string id, bool quick = false) {
  EchoLoadStep load;
  load.opcode = wire::opcode::binary;
  load.size = 4096;
  Expectation expect;
  expect.echo = true;
  expect.close = CloseExpectation{};
  Case c = make_case(std::move(id), {load, close_with(1000)}, expect);
  if (quick) c.timeout = 200ms;
  return c;
}

TEST(RunCases, TheNextTimedCaseStartsWhileTheLastOneWaitsForItsClose) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server_that_never_closes(log));
  const std::vector<Case> cases{timed_case("test/timed-slow"),
                                timed_case("test/timed-quick", true)};
  RunOptions options = options_with(2000ms);
  options.jobs = 4;
  std::vector<std::string> finished;

  const std::vector<CaseResult> results =
      run_cases(cases, local(server.port()), options, {},
                [&](const CaseResult& result) { finished.push_back(result.transcript.case_id); });

  ASSERT_EQ(results.size(), 2u);
  for (const CaseResult& result : results) {
    ASSERT_EQ(result.transcript.loads.size(), 1u);
    EXPECT_TRUE(result.transcript.loads.front().rounds.front().complete);  // timed, then waited
  }
  EXPECT_EQ(results[0].judgement.verdict, Verdict::fail);  // no close came back
  // The quick case started during the slow one's 2 s close wait, so it ended first.
  EXPECT_EQ(finished, (std::vector<std::string>{"test/timed-quick", "test/timed-slow"}));
}

TEST(RunCases, AWholeServerCaseWaitsForTheTimedCasesCloseWaitsToEnd) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server_that_never_closes(log));
  std::vector<Case> cases{timed_case("test/timed-slow"), timed_case("test/alone-quick", true)};
  cases[1].alone = true;
  RunOptions options = options_with(1000ms);
  options.jobs = 4;
  std::vector<std::string> finished;

  run_cases(cases, local(server.port()), options, {},
            [&](const CaseResult& result) { finished.push_back(result.transcript.case_id); });

  EXPECT_EQ(finished, (std::vector<std::string>{"test/timed-slow", "test/alone-quick"}));
}

// Echoes on its first connection; upgrades every later one and then ignores it.
LoopbackServer::Behaviour answers_once_then_deaf(Log log) {
  auto connections = std::make_shared<std::atomic<int>>(0);
  // Kept alive here: a coroutine lambda's captures live in its closure.
  auto echo = std::make_shared<LoopbackServer::Behaviour>(test_servers::echo_server(log));
  auto deaf = std::make_shared<LoopbackServer::Behaviour>(test_servers::deaf_server(log));
  return [connections, echo, deaf](asio::ip::tcp::socket socket) -> asio::awaitable<void> {
    const auto& behaviour = connections->fetch_add(1) == 0 ? echo : deaf;
    co_await (*behaviour)(std::move(socket));
  };
}

TEST(RunCases, AServerSilentFromTheStartIsGivenUpOnButNeverOneThatAnswered) {
  std::vector<Case> cases{echo_case("test/answered")};
  for (int i = 0; i < 5; ++i) cases.push_back(echo_case("test/silent-" + std::to_string(i)));
  RunOptions options = options_with(200ms);
  options.jobs = 1;
  options.give_up_after_silent = 2;

  const Log log = std::make_shared<ServerLog>();
  LoopbackServer answered_once(answers_once_then_deaf(log));
  RunEnd end;
  const std::vector<CaseResult> judged =
      run_cases(cases, local(answered_once.port()), options, {}, {}, nullptr, &end);
  // One case answered, so the server is testable: five silent cases in a row are five verdicts.
  EXPECT_FALSE(end.gave_up.has_value()) << *end.gave_up;
  ASSERT_EQ(judged.size(), 6u);
  EXPECT_EQ(judged[0].judgement.verdict, Verdict::pass);
  for (std::size_t i = 1; i < judged.size(); ++i) {
    EXPECT_EQ(judged[i].judgement.verdict, Verdict::fail) << cases[i].id;
  }

  LoopbackServer deaf(test_servers::deaf_server(log));
  const std::vector<CaseResult> given_up =
      run_cases(cases, local(deaf.port()), options, {}, {}, nullptr, &end);
  ASSERT_TRUE(end.gave_up.has_value());
  EXPECT_NE(end.gave_up->find("answered nothing in 2 cases in a row"), std::string::npos);
  ASSERT_EQ(given_up.size(), 6u);
  EXPECT_EQ(given_up[2].judgement.verdict, Verdict::error);
  EXPECT_EQ(deaf.connections_accepted(), 2);  // the rest never started
}

TEST(RunCases, CaseNeedingATriggerIsUnimplementedAndNotRun) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  std::vector<Case> cases{echo_case("test/needs-trigger"), echo_case("test/plain")};
  cases[0].needs_trigger = "handler-exception";

  const std::vector<CaseResult> results =
      run_cases(cases, local(server.port()), options_with(), {});

  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].judgement.verdict, Verdict::unimplemented);
  ASSERT_FALSE(results[0].judgement.reasons.empty());
  EXPECT_NE(results[0].judgement.reasons[0].find("handler-exception"), std::string::npos);
  EXPECT_EQ(results[1].judgement.verdict, Verdict::pass);
  EXPECT_EQ(server.connections_accepted(), 1);
}

// Fault hooks that cut the backend but cannot bring it back.
class BackendThatStaysDown : public FaultHooks {
 public:
  HookResult restart_out_of_band() override { return HookResult::failed("no restart"); }
  HookResult crash() override { return HookResult::failed("no crash"); }
  HookResult set_backend(bool up) override {
    calls.push_back(up);
    return up ? HookResult::failed("the stand-in would not start") : HookResult::done();
  }
  BurstRecord run_burst(const BurstSpec&, const std::atomic<bool>*) override { return {}; }
  std::uint64_t unexpected_deaths() const override { return 0; }
  std::string describe_deaths_since(std::uint64_t) const override { return ""; }
  bool serving() const override { return true; }
  bool settling() const override { return false; }
  std::optional<std::string> given_up() const override { return std::nullopt; }
  std::vector<bool> calls;
};

TEST(RunCases, ABackendThatCannotBeRestoredMakesTheCaseAnError) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  TriggerStep down;
  down.name = std::string(kTriggerBackendDown);
  Case c = make_case("test/backend-down", {down, close_with(1000)});
  c.needs_trigger = std::string(kTriggerBackend);
  TriggerSet triggers;
  triggers.backend_message = "backend please";
  BackendThatStaysDown hooks;
  RunOptions options = options_with();
  options.triggers = &triggers;
  options.hooks = &hooks;
  const std::vector<CaseResult> results = run_cases({c}, local(server.port()), options, {});
  ASSERT_EQ(results.size(), 1u);
  // The cut is undone after the case whatever happened; its failure is not dropped.
  EXPECT_EQ(hooks.calls, (std::vector<bool>{false, true}));
  EXPECT_EQ(results[0].judgement.verdict, Verdict::error);
  EXPECT_EQ(results[0].transcript.harness_error,
            std::optional<std::string>(
                "could not bring the backend back up: the stand-in would not start"));
}

TEST(RunCases, StopInterruptsCasesInFlightAndStartsNoMore) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::silent_server(log));
  std::vector<Case> cases;
  for (int i = 0; i < 6; ++i) cases.push_back(echo_case("test/stuck-" + std::to_string(i)));
  RunOptions options = options_with(10s);
  options.case_timeout = 20s;
  options.jobs = 2;
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    stop = true;
  });

  const auto started = std::chrono::steady_clock::now();
  const std::vector<CaseResult> results =
      run_cases(cases, local(server.port()), options, {}, {}, &stop);
  const auto took = std::chrono::steady_clock::now() - started;
  stopper.join();

  ASSERT_EQ(results.size(), 2u);  // only the two in flight; the rest never started
  for (const CaseResult& result : results) {
    EXPECT_EQ(result.judgement.verdict, Verdict::error);
    EXPECT_TRUE(result.transcript.interrupted);
    EXPECT_EQ(result.transcript.harness_error, std::optional<std::string>("interrupted"));
  }
  EXPECT_EQ(results[0].transcript.case_id, "test/stuck-0");
  EXPECT_EQ(results[1].transcript.case_id, "test/stuck-1");
  EXPECT_LT(took, 2s);
}

TEST(RunCases, StopSetBeforehandRunsNothing) {
  const Log log = std::make_shared<ServerLog>();
  LoopbackServer server(test_servers::echo_server(log));
  const std::vector<Case> cases{echo_case()};
  const std::atomic<bool> stop{true};

  const auto results = run_cases(cases, local(server.port()), options_with(), {}, {}, &stop);

  EXPECT_TRUE(results.empty());
  EXPECT_EQ(server.connections_accepted(), 0);
}

}  // namespace
}  // namespace wsconform::scenario
