// Tests for the judge (scenario/model/verdict.hpp): transcripts built by hand, no network.
#include "scenario/model/verdict.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/judge/describe.hpp"
#include "scenario/judge/expectation.hpp"
#include "scenario/judge/judge.hpp"
#include "scenario/model/barrier.hpp"
#include "scenario/model/grading.hpp"
#include "wire/rules.hpp"
#include "wire/semantics.hpp"

namespace wsconform::scenario {
namespace {

using namespace std::chrono_literals;
using wire::bytes_of;

// ---- helpers ---------------------------------------------------------------------------------

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string all_reasons(const Judgement& judgement) {
  std::string text;
  for (const std::string& reason : judgement.reasons) text += reason + "\n";
  return text;
}

Case make_case(Level level = Level::must) {
  Case c;
  c.id = "rfc6455/test/judge";
  c.requirement.section = "5.2";
  c.requirement.text = "a rule";
  c.requirement.level = level;
  return c;
}

wire::HttpResponse response(int status, std::string reason) {
  wire::HttpResponse r;
  r.version = "HTTP/1.1";
  r.status = status;
  r.reason = std::move(reason);
  return r;
}

// A transcript after a correct upgrade, with the connection still open.
Transcript upgraded() {
  Transcript t;
  t.case_id = "rfc6455/test/judge";
  t.response = response(101, "Switching Protocols");
  t.response->headers = {{"Upgrade", "websocket"},
                         {"Connection", "keep-alive, Upgrade"},
                         {"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}};
  t.upgraded = true;
  return t;
}

void server_closes(Transcript& t, std::uint16_t code, std::int64_t end_at_us = 2000) {
  t.server_close = ReceivedClose{code, {}, 2, end_at_us - 100};
  t.tcp_end = TcpEnd::fin;
  t.tcp_end_at_us = end_at_us;
}

void server_ends(Transcript& t, TcpEnd end, std::int64_t end_at_us = 2000) {
  t.tcp_end = end;
  t.tcp_end_at_us = end_at_us;
}

void sent(Transcript& t, std::uint8_t opcode, std::string_view payload) {
  t.sent_messages.push_back(bytes_of(payload));
  t.sent_message_opcodes.push_back(opcode);
}

void received(Transcript& t, std::uint8_t opcode, std::string_view payload) {
  t.messages.push_back(ReceivedMessage{opcode, bytes_of(payload), 500});
}

void send_event(Transcript& t, Event::Kind kind, std::int64_t at_us) {
  Event event;
  event.kind = kind;
  event.at_us = at_us;
  t.events.push_back(event);
}

CloseExpectation close_codes(std::vector<std::uint16_t> codes, bool or_dropped = false) {
  CloseExpectation close;
  close.codes = std::move(codes);
  close.or_dropped = or_dropped;
  return close;
}

Case case_expecting_close(std::vector<std::uint16_t> codes, bool or_dropped = false,
                          Level level = Level::must) {
  Case c = make_case(level);
  c.expect.close = close_codes(std::move(codes), or_dropped);
  return c;
}

Alternative alternative(Alternative::Grade grade, CloseExpectation close, std::string why) {
  Alternative a;
  a.grade = grade;
  a.expect.close = std::move(close);
  a.expect.why = std::move(why);
  return a;
}

std::string name_of(std::uint16_t code) {
  return std::string(wire::close_code_info(code).semantics.name);
}

// ---- names -----------------------------------------------------------------------------------

TEST(VerdictName, NamesEveryVerdict) {
  EXPECT_EQ(verdict_name(Verdict::pass), "pass");
  EXPECT_EQ(verdict_name(Verdict::non_strict), "non-strict");
  EXPECT_EQ(verdict_name(Verdict::fail), "fail");
  EXPECT_EQ(verdict_name(Verdict::informational), "informational");
  EXPECT_EQ(verdict_name(Verdict::unimplemented), "unimplemented");
  EXPECT_EQ(verdict_name(Verdict::error), "error");
}

TEST(LevelName, NamesEveryLevel) {
  EXPECT_EQ(level_name(Level::must), "MUST");
  EXPECT_EQ(level_name(Level::should), "SHOULD");
  EXPECT_EQ(level_name(Level::may), "MAY");
  EXPECT_EQ(level_name(Level::informational), "informational");
}

// ---- harness errors --------------------------------------------------------------------------

TEST(JudgeHarnessError, IsErrorEvenWhenEverythingElseMatches) {
  const Case c = case_expecting_close({1000});
  Transcript t = upgraded();
  server_closes(t, 1000);
  ASSERT_EQ(judge(c, t).verdict, Verdict::pass);  // the same transcript without the error

  t.harness_error = "connection refused";
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::error);
  ASSERT_FALSE(judgement.reasons.empty());
  EXPECT_TRUE(contains(judgement.reasons.front(), "connection refused"));
}

TEST(JudgeHarnessError, WinsOverInvariantsAndStrictMode) {
  const Case c = case_expecting_close({1000});
  Transcript t = upgraded();
  server_closes(t, 1006);
  t.harness_error = "timeout before the handshake";
  EXPECT_EQ(judge(c, t, {.strict = true}).verdict, Verdict::error);
}

// ---- invariants ------------------------------------------------------------------------------

TEST(JudgeInvariants, MaskedServerFrameReportedByTheDecoderFails) {
  const Case c = make_case(Level::informational);  // invariants fail whatever the level
  Transcript t = upgraded();
  t.server_violation = wire::Violation{wire::Rule::masked_server_frame, "text fin len=5", 2};
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  ASSERT_FALSE(judgement.reasons.empty());
  EXPECT_TRUE(contains(judgement.reasons.front(), "masked frame"));
  EXPECT_TRUE(contains(judgement.reasons.front(), "§5.1"));
}

TEST(JudgeInvariants, MaskedFrameAmongTheFramesReceivedFails) {
  const Case c = make_case();
  Transcript t = upgraded();
  wire::Frame frame;
  frame.opcode = wire::opcode::text;
  frame.masked = true;
  t.frames_received.push_back(frame);
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(judgement.reasons.front(), "§5.1"));
}

TEST(JudgeInvariants, OtherFramingViolationsNameTheirRuleAndSection) {
  const Case c = make_case();
  Transcript t = upgraded();
  t.server_violation = wire::Violation{wire::Rule::reserved_opcode, "opcode 0x3", 0};
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(judgement.reasons.front(), "reserved opcode"));
  EXPECT_TRUE(contains(judgement.reasons.front(), "§5.2"));
  EXPECT_TRUE(contains(judgement.reasons.front(), "opcode 0x3"));
  EXPECT_TRUE(
      contains(all_reasons(judgement), wire::rule_info(wire::Rule::reserved_opcode).summary));
}

TEST(JudgeInvariants, OurOwnMessageSizeLimitIsNotAServerViolation) {
  const Case c = case_expecting_close({1000});
  Transcript t = upgraded();
  server_closes(t, 1000);
  t.server_violation = wire::Violation{wire::Rule::message_too_big, "over 64 MiB", 0};
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

class UnsendableServerCloseCode : public ::testing::TestWithParam<std::uint16_t> {};

TEST_P(UnsendableServerCloseCode, FailsEvenWhenTheExpectationListsIt) {
  const std::uint16_t code = GetParam();
  // The expectation would accept the code: only the invariant can make this fail.
  const Case c = case_expecting_close({code, 1000}, true, Level::should);
  Transcript t = upgraded();
  server_closes(t, code);
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  ASSERT_FALSE(judgement.reasons.empty());
  EXPECT_TRUE(contains(judgement.reasons.front(), std::to_string(code)));
  EXPECT_TRUE(contains(judgement.reasons.front(), "§7.4"));
}

INSTANTIATE_TEST_SUITE_P(LocalSentinelsReservedUnusedUnassignedOutOfRange,
                         UnsendableServerCloseCode,
                         ::testing::Values(1005, 1006, 1015, 1004, 999, 0, 1016, 2999, 5000,
                                           65535));

TEST(JudgeInvariants, SentinelCodesQuoteSection741) {
  const Case c = case_expecting_close({});
  Transcript t = upgraded();
  server_closes(t, 1006);
  EXPECT_TRUE(contains(judge(c, t).reasons.front(), "§7.4.1"));
}

class SendableServerCloseCode : public ::testing::TestWithParam<std::uint16_t> {};

TEST_P(SendableServerCloseCode, PassesWhenAnyValidCodeIsExpected) {
  const Case c = case_expecting_close({});
  Transcript t = upgraded();
  server_closes(t, GetParam());
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass) << all_reasons(judge(c, t));
}

INSTANTIATE_TEST_SUITE_P(Registered, SendableServerCloseCode,
                         ::testing::Values(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011,
                                           1012, 1013, 1014, 3000, 3999, 4000, 4999));

TEST(JudgeInvariants, OneByteCloseBodyFailsEvenWhenAnEmptyBodyIsAllowed) {
  Case c = case_expecting_close({1000});
  c.expect.close->allow_empty_body = true;
  Transcript t = upgraded();
  t.server_close = ReceivedClose{std::nullopt, {}, 1, 1000};
  server_ends(t, TcpEnd::fin);
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(judgement.reasons.front(), "1-byte"));
  EXPECT_TRUE(contains(judgement.reasons.front(), "§5.5.1"));
}

TEST(JudgeInvariants, DecoderAndTranscriptReportingTheSameBadCodeSayItOnce) {
  const Case c = case_expecting_close({});
  Transcript t = upgraded();
  server_closes(t, 1005);
  t.server_violation = wire::Violation{wire::Rule::invalid_close_code, "code 1005", 0};
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(judgement.reasons.front(), "1005"));
  EXPECT_FALSE(contains(all_reasons(judgement), "may not be on the wire (§7.4)"));
}

TEST(JudgeInvariants, DataAfterServerCloseFails) {
  Case c = case_expecting_close({1000});
  c.expect.messages = std::vector<ExpectedMessage>{};
  Transcript t = upgraded();
  server_closes(t, 1000);
  t.data_after_server_close = true;
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(judgement.reasons.front(), "after its close frame"));
  EXPECT_TRUE(contains(judgement.reasons.front(), "§5.5.1"));
}

TEST(JudgeInvariants, WrongAcceptOnA101Fails) {
  const Case c = case_expecting_close({1000});
  Transcript t = upgraded();
  server_closes(t, 1000);
  t.upgrade_problems = {"Sec-WebSocket-Accept is \"abc\", expected \"s3pP...\""};
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(judgement.reasons.front(), "§4.2.2"));
  EXPECT_TRUE(contains(judgement.reasons.front(), "Sec-WebSocket-Accept is \"abc\""));
}

TEST(JudgeInvariants, WrongAcceptFailsAHandshakeCaseThatExpects101) {
  Case c = make_case();
  c.expect.http_status = {101};
  Transcript t = upgraded();
  t.upgrade_problems = {"Sec-WebSocket-Accept is missing"};
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);
}

TEST(JudgeInvariants, UpgradeProblemsOfANon101DoNotFailAHandshakeStatusCase) {
  Case c = make_case();
  c.expect.http_status = {400};
  Transcript t;
  t.response = response(400, "Bad Request");
  t.upgrade_problems = {"status is 400, not 101"};
  server_ends(t, TcpEnd::fin);
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass) << all_reasons(judge(c, t));
}

// ---- http_status and http_headers ------------------------------------------------------------

TEST(JudgeHttpStatus, StatusInTheListPasses) {
  Case c = make_case();
  c.expect.http_status = {426, 400};
  Transcript t;
  t.response = response(400, "Bad Request");
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(JudgeHttpStatus, StatusNotInTheListFailsSayingWhatCame) {
  Case c = make_case();
  c.expect.http_status = {426};
  Transcript t;
  t.response = response(400, "Bad Request");
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(judgement), "expected HTTP 426, saw HTTP 400 Bad Request"));
}

TEST(JudgeHttpStatus, NoResponseWhenAStatusWasExpectedFails) {
  Case c = make_case();
  c.expect.http_status = {400};
  Transcript t;
  server_ends(t, TcpEnd::fin);
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(judgement), "no HTTP response"));
}

TEST(JudgeHttpStatus, EmptyListMeansTheUpgradeMustSucceed) {
  const Case c = make_case();  // no condition at all: a 101 is still required
  Transcript t = upgraded();
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);

  t.response = response(503, "Service Unavailable");
  t.upgraded = false;
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(judgement), "expected a 101 upgrade, saw HTTP 503"));
}

TEST(JudgeHttpHeaders, PresentHeaderPassesMissingHeaderFails) {
  Case c = make_case();
  c.expect.http_status = {426};
  c.expect.http_headers = {{"Sec-WebSocket-Version", std::nullopt}};
  Transcript t;
  t.response = response(426, "Upgrade Required");
  t.response->headers = {{"sec-websocket-version", "13"}};
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);

  t.response->headers.clear();
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(judgement), "expected a Sec-WebSocket-Version header"));
  // The headline says what the answer lacked.
  EXPECT_TRUE(contains(judgement.reasons.front(),
                       "answered HTTP 426 Upgrade Required without a Sec-WebSocket-Version header"))
      << judgement.reasons.front();
}

TEST(JudgeHttpHeaders, TokenMustBeOneOfTheCommaSeparatedValues) {
  Case c = make_case();
  c.expect.http_headers = {{"Connection", "upgrade"}};
  Transcript t = upgraded();  // "Connection: keep-alive, Upgrade"
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);

  t.response->headers = {{"Connection", "keep-alive"}};
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(judgement), "saw \"keep-alive\""));
}

// ---- messages and echo -----------------------------------------------------------------------

TEST(JudgeMessages, ExactlyTheExpectedMessagesInOrderPass) {
  Case c = make_case();
  c.expect.messages = std::vector<ExpectedMessage>{{wire::opcode::text, bytes_of("one")},
                                                   {wire::opcode::binary, bytes_of("two")}};
  Transcript t = upgraded();
  received(t, wire::opcode::text, "one");
  received(t, wire::opcode::binary, "two");
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(JudgeMessages, EmptyListMeansNoneArrived) {
  Case c = make_case();
  c.expect.messages = std::vector<ExpectedMessage>{};
  Transcript t = upgraded();
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);

  received(t, wire::opcode::text, "Hello");
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(
      contains(all_reasons(judgement), "expected no message, saw 1 message: text \"Hello\""));
}

TEST(JudgeMessages, WrongOpcodeWrongPayloadWrongOrderAndExtraMessagesFail) {
  Case c = make_case();
  c.expect.messages = std::vector<ExpectedMessage>{{wire::opcode::text, bytes_of("one")},
                                                   {wire::opcode::text, bytes_of("two")}};
  const auto verdict_for = [&](std::vector<ReceivedMessage> messages) {
    Transcript t = upgraded();
    t.messages = std::move(messages);
    return judge(c, t).verdict;
  };
  EXPECT_EQ(verdict_for({{1, bytes_of("one"), 0}, {1, bytes_of("two"), 0}}), Verdict::pass);
  EXPECT_EQ(verdict_for({{1, bytes_of("one"), 0}, {2, bytes_of("two"), 0}}), Verdict::fail);
  EXPECT_EQ(verdict_for({{1, bytes_of("one"), 0}, {1, bytes_of("twO"), 0}}), Verdict::fail);
  EXPECT_EQ(verdict_for({{1, bytes_of("two"), 0}, {1, bytes_of("one"), 0}}), Verdict::fail);
  EXPECT_EQ(verdict_for({{1, bytes_of("one"), 0}}), Verdict::fail);
  EXPECT_EQ(verdict_for({{1, bytes_of("one"), 0}, {1, bytes_of("two"), 0}, {1, {}, 0}}),
            Verdict::fail);
}

TEST(JudgeMessages, MismatchNamesTheFirstDifferentMessage) {
  Case c = make_case();
  c.expect.messages = std::vector<ExpectedMessage>{{wire::opcode::text, bytes_of("one")},
                                                   {wire::opcode::text, bytes_of("two")}};
  Transcript t = upgraded();
  received(t, wire::opcode::text, "one");
  received(t, wire::opcode::binary, "two");
  EXPECT_TRUE(contains(all_reasons(judge(c, t)),
                       "expected message 2 to be text \"two\", saw binary \"two\""));
}

TEST(JudgeMessages, MismatchSaysWhereLongPayloadsPart) {
  Case c = make_case();
  c.expect.messages =
      std::vector<ExpectedMessage>{{wire::opcode::text, bytes_of(std::string(40, '*'))}};
  Transcript t = upgraded();
  received(t, wire::opcode::text, std::string(39, '*') + "#");
  EXPECT_TRUE(contains(all_reasons(judge(c, t)), "differ from byte 39"));
}

TEST(JudgeEcho, SentMessagesEchoedWithTheSameOpcodesPass) {
  Case c = make_case();
  c.expect.echo = true;
  Transcript t = upgraded();
  sent(t, wire::opcode::text, "Hello");
  sent(t, wire::opcode::binary, "\x01\x02");
  received(t, wire::opcode::text, "Hello");
  received(t, wire::opcode::binary, "\x01\x02");
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(JudgeEcho, DifferentOpcodePayloadOrCountFails) {
  Case c = make_case();
  c.expect.echo = true;
  Transcript base = upgraded();
  sent(base, wire::opcode::binary, "Hello");

  Transcript wrong_opcode = base;
  received(wrong_opcode, wire::opcode::text, "Hello");
  EXPECT_EQ(judge(c, wrong_opcode).verdict, Verdict::fail);

  Transcript wrong_payload = base;
  received(wrong_payload, wire::opcode::binary, "Hellp");
  EXPECT_EQ(judge(c, wrong_payload).verdict, Verdict::fail);

  EXPECT_EQ(judge(c, base).verdict, Verdict::fail);  // nothing came back
  EXPECT_TRUE(contains(all_reasons(judge(c, base)), "saw no message"));
}

// ---- echo_load rounds (checked by the runner as they arrived) ---------------------------------

LoadRecord load_of(std::size_t rounds_planned, std::vector<LoadRound> rounds) {
  LoadRecord load;
  load.size = 4096;
  load.rounds_planned = rounds_planned;
  load.rounds = std::move(rounds);
  return load;
}

LoadRound echoed_round() {
  LoadRound round;
  round.opcode = wire::opcode::binary;
  round.size = 4096;
  round.received = 4096;
  round.complete = true;
  round.sent_at_us = 100;
  round.echoed_at_us = 300;
  return round;
}

TEST(JudgeEchoLoad, EveryRoundBackWholeAndIntactPasses) {
  Case c = make_case();
  c.expect.echo = true;
  Transcript t = upgraded();
  t.loads.push_back(load_of(2, {echoed_round(), echoed_round()}));
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(JudgeEchoLoad, ADifferenceAShortEchoOrAMissingRoundFails) {
  Case c = make_case();
  c.expect.echo = true;
  Transcript differs = upgraded();
  LoadRound corrupted = echoed_round();
  corrupted.first_difference = 4095;
  corrupted.expected_there = bytes_of("a");
  corrupted.received_there = bytes_of("b");
  differs.loads.push_back(load_of(2, {echoed_round(), corrupted}));
  const Judgement judged = judge(c, differs);
  EXPECT_EQ(judged.verdict, Verdict::fail);
  EXPECT_TRUE(
      contains(all_reasons(judged), "message 2 of 2 (binary, 4096 bytes) differs from byte 4095"))
      << all_reasons(judged);
  // Bytes that came back wrong stay wrong: the runner may stop waiting.
  EXPECT_TRUE(verdict_decided(c, differs));

  Transcript short_echo = upgraded();
  LoadRound cut = echoed_round();
  cut.complete = false;
  cut.received = 1000;
  short_echo.loads.push_back(load_of(1, {cut}));
  EXPECT_EQ(judge(c, short_echo).verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(judge(c, short_echo)), "1000 bytes arrived"));
  EXPECT_FALSE(verdict_decided(c, short_echo));  // the rest may still come

  Transcript missing = upgraded();
  missing.loads.push_back(load_of(3, {echoed_round()}));
  EXPECT_EQ(judge(c, missing).verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(judge(c, missing)), "only 1 of 3 messages"));

  Transcript wrong_opcode = upgraded();
  LoadRound other = echoed_round();
  other.opcode_differs = true;
  wrong_opcode.loads.push_back(load_of(1, {other}));
  EXPECT_EQ(judge(c, wrong_opcode).verdict, Verdict::fail);
}

TEST(JudgeEchoLoad, TheHeadlineCountsTheTimedEchoesThatCameBack) {
  Case c = make_case();
  c.expect.echo = true;
  c.expect.close = CloseExpectation{};  // any close: this server never sends one
  Transcript t = upgraded();
  t.loads.push_back(load_of(2, {echoed_round(), echoed_round()}));
  const Judgement judged = judge(c, t);
  EXPECT_EQ(judged.verdict, Verdict::fail);
  // The echoes are checked as they arrive and never kept as messages: they did come back.
  EXPECT_TRUE(contains(judged.reasons.front(), "echoed the 2 timed messages intact"))
      << judged.reasons.front();
  EXPECT_FALSE(contains(judged.reasons.front(), "sent no message")) << judged.reasons.front();

  Transcript cut_short = upgraded();
  LoadRound cut = echoed_round();
  cut.complete = false;
  cut.received = 1000;
  cut_short.loads.push_back(load_of(1, {cut}));
  EXPECT_TRUE(contains(judge(c, cut_short).reasons.front(), "1000 bytes arrived"))
      << judge(c, cut_short).reasons.front();
}

TEST(JudgeEchoLoad, ASizeRefusedWith1009IsWhatTheAlternativeGrades) {
  Case c = make_case();
  c.expect.echo = true;
  c.alternatives.push_back(alternative(Alternative::Grade::informational, close_codes({1009}),
                                       "§10.4 lets a server limit sizes"));
  Transcript t = upgraded();
  LoadRound refused = echoed_round();
  refused.complete = false;
  refused.received = 0;
  t.loads.push_back(load_of(1, {refused}));
  server_closes(t, 1009);
  EXPECT_EQ(judge(c, t).verdict, Verdict::informational);

  // Declared to take it (--max-message-size, the profile): refusing it misses the policy.
  Transcript declared = t;
  declared.loads.front().declared_message_size = 4096;
  const Judgement judged = judge(c, declared);
  EXPECT_EQ(judged.verdict, Verdict::non_strict);
  EXPECT_TRUE(contains(all_reasons(judged), "declared to take messages of up to 4096 bytes"))
      << all_reasons(judged);
  EXPECT_EQ(judge(c, declared, JudgeOptions{true}).verdict, Verdict::fail);  // --strict
  // Declared smaller than the message: the refusal is what the server said it would do.
  Transcript smaller = t;
  smaller.loads.front().declared_message_size = 4095;
  EXPECT_EQ(judge(c, smaller).verdict, Verdict::informational);
}

// ---- pongs and barriers ----------------------------------------------------------------------

TEST(JudgePongs, ExactlyTheExpectedPongsPass) {
  Case c = make_case();
  c.expect.pongs = std::vector<wire::Bytes>{bytes_of("a"), bytes_of("b")};
  Transcript t = upgraded();
  t.sent_pings = {bytes_of("a"), bytes_of("b")};
  t.pongs = {bytes_of("a"), bytes_of("b")};
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);

  t.pongs = {bytes_of("b"), bytes_of("a")};
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);
  t.pongs = {bytes_of("a")};
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);
}

TEST(JudgePongs, BarrierPongsAreIgnored) {
  const std::string barrier = std::string(kBarrierPingPrefix) + "7";
  Case c = make_case();
  c.expect.pongs = std::vector<wire::Bytes>{};
  Transcript t = upgraded();
  t.pongs = {bytes_of(barrier)};
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);

  c.expect.pongs = std::vector<wire::Bytes>{bytes_of("a")};
  t.sent_pings = {bytes_of("a")};
  t.pongs = {bytes_of(barrier), bytes_of("a"), bytes_of(barrier + "8")};
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(JudgePongs, UnsolicitedPongsAnswerNoPingAndAreIgnored) {
  // §5.5.3 "A Pong frame MAY be sent unsolicited": a heartbeat, or an answer to our own pong.
  Case c = make_case();
  c.expect.pongs = std::vector<wire::Bytes>{bytes_of("ping")};
  Transcript t = upgraded();
  t.sent_pings = {bytes_of("ping")};
  t.pongs = {bytes_of("heartbeat"), bytes_of("ping"), bytes_of("heartbeat")};
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);

  // A pong with the wrong payload answers nothing either, so the ping stays unanswered.
  t.pongs = {bytes_of("pong")};
  const Judgement wrong = judge(c, t);
  EXPECT_EQ(wrong.verdict, Verdict::fail);
}

TEST(JudgePongs, TheLatestPongSufficesForAnInOrderSubsequenceEndingWithTheLast) {
  // §5.5.3: "MAY elect to send a Pong frame for only the most recently processed Ping frame".
  Case c = make_case();
  c.expect.pongs = std::vector<wire::Bytes>{bytes_of("p0"), bytes_of("p1"), bytes_of("p2")};
  c.expect.latest_pong_suffices = true;
  Transcript t = upgraded();
  t.sent_pings = *c.expect.pongs;
  for (const std::vector<std::string>& pongs :
       std::vector<std::vector<std::string>>{{"p0", "p1", "p2"}, {"p2"}, {"p0", "p2"}}) {
    t.pongs.clear();
    for (const std::string& pong : pongs) t.pongs.push_back(bytes_of(pong));
    EXPECT_EQ(judge(c, t).verdict, Verdict::pass) << fmt::format("{}", fmt::join(pongs, ","));
  }
  // Pings with the same payload: one pong may be the last one's.
  Case same = c;
  same.expect.pongs = std::vector<wire::Bytes>{bytes_of("ping"), bytes_of("ping")};
  Transcript twice = upgraded();
  twice.sent_pings = *same.expect.pongs;
  twice.pongs = {bytes_of("ping")};
  EXPECT_EQ(judge(same, twice).verdict, Verdict::pass);
  // A later ping's pong (the barrier's) answers every unanswered ping before it.
  t.pongs = {bytes_of("p0"), bytes_of(std::string(kBarrierPingPrefix) + "1")};
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
  for (const std::vector<std::string>& pongs :
       std::vector<std::vector<std::string>>{{}, {"p0", "p1"}, {"p2", "p1"}, {"p1", "p0", "p2"}}) {
    t.pongs.clear();
    for (const std::string& pong : pongs) t.pongs.push_back(bytes_of(pong));
    EXPECT_EQ(judge(c, t).verdict, Verdict::fail) << fmt::format("{}", fmt::join(pongs, ","));
  }
}

TEST(JudgePongs, BarrierPongsAreNotMentionedInReasons) {
  Case c = case_expecting_close({1002});
  Transcript t = upgraded();
  t.pongs = {bytes_of(std::string(kBarrierPingPrefix) + "1")};
  server_closes(t, 1000);
  EXPECT_FALSE(contains(all_reasons(judge(c, t)), "pong"));
}

// ---- the grading policy (grading.hpp) ----------------------------------------------------------

// A MUST case whose server must fail the connection, built the way the loader builds `fails:`.
Case case_failing_the_connection(std::vector<std::uint16_t> fitting_codes) {
  Case c = make_case();
  c.expect = failing_the_connection(Expectation{}, fitting_codes);
  c.alternatives.push_back(failing_with_another_code(c.expect));
  return c;
}

TEST(JudgeGrading, FailingTheConnectionPassesWithTheFittingCode1008OrADrop) {
  const Case c = case_failing_the_connection({1002});
  for (const std::uint16_t code : {1002, 1008}) {
    Transcript t = upgraded();
    server_closes(t, code);
    EXPECT_EQ(judge(c, t).verdict, Verdict::pass) << code;
  }
  Transcript dropped = upgraded();
  server_ends(dropped, TcpEnd::fin);
  EXPECT_EQ(judge(c, dropped).verdict, Verdict::pass);
}

TEST(JudgeGrading, AnotherCodeOrAnEmptyCloseIsNonStrict) {
  const Case c = case_failing_the_connection({1002});
  Transcript other = upgraded();
  server_closes(other, 1011);
  EXPECT_EQ(judge(c, other).verdict, Verdict::non_strict);
  Transcript empty = upgraded();
  server_closes(empty, 1000);
  empty.server_close = ReceivedClose{std::nullopt, {}, 0, 1900};
  EXPECT_EQ(judge(c, empty).verdict, Verdict::non_strict);
}

TEST(JudgeGrading, ADropThatOnlyAnswersTheHarnessCleanupCloseFails) {
  const Case c = case_failing_the_connection({1002});
  Transcript t = upgraded();
  t.harness_close_at_us = 1500;
  server_ends(t, TcpEnd::fin, 2000);  // the drop answers the harness's own close
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(judgement), "only after the harness closed the connection"))
      << all_reasons(judgement);

  Transcript before = upgraded();
  before.harness_close_at_us = 2500;
  server_closes(before, 1002, 2000);
  EXPECT_EQ(judge(c, before).verdict, Verdict::pass);
}

TEST(JudgeGrading, APongToTheProbePingMeansTheServerWentOnAsIfNothingHappened) {
  const Case c = case_failing_the_connection({1002});
  Transcript t = upgraded();
  t.pongs = {bytes_of(kProbePingPayload)};
  server_closes(t, 1002);
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(judgement), "probe ping")) << all_reasons(judgement);
}

TEST(JudgeGrading, AnyCloseReplyPassesAndNoReplyFails) {
  Case c = make_case();
  c.expect.close = any_close_reply();
  for (const std::uint16_t code : {1000, 1001, 1011, 3000, 4999}) {
    Transcript t = upgraded();
    t.client_sent_close = true;
    server_closes(t, code);
    EXPECT_EQ(judge(c, t).verdict, Verdict::pass) << code;
  }
  Transcript empty = upgraded();
  server_closes(empty, 1000);
  empty.server_close = ReceivedClose{std::nullopt, {}, 0, 1900};
  EXPECT_EQ(judge(c, empty).verdict, Verdict::pass);
  Transcript dropped = upgraded();
  server_ends(dropped, TcpEnd::fin);
  EXPECT_EQ(judge(c, dropped).verdict, Verdict::fail);  // §5.5.1: a close MUST be answered
}

TEST(JudgeGrading, APolicyIsNamedAsSuchWhenTheServerDoesNotPass) {
  Case c = case_expecting_close({1011}, false, Level::should);
  c.policy = Policy{"shed with 1011", Level::should};
  Transcript t = upgraded();
  server_closes(t, 1000);
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::non_strict);
  EXPECT_TRUE(
      contains(all_reasons(judgement), "operational policy (SHOULD, not an RFC requirement)"))
      << all_reasons(judgement);
  Transcript passing = upgraded();
  server_closes(passing, 1011);
  EXPECT_FALSE(contains(all_reasons(judge(c, passing)), "policy"));
}

// ---- early verdicts ---------------------------------------------------------------------------

TEST(VerdictDecided, AMessageThatCanNeverMatchDecidesTheCase) {
  Case c = make_case();
  c.expect.messages = std::vector<ExpectedMessage>{};  // nothing may come back
  Transcript t = upgraded();
  EXPECT_FALSE(verdict_decided(c, t));  // nothing yet: the server may still fail the connection
  received(t, wire::opcode::text, "\xff");
  EXPECT_TRUE(verdict_decided(c, t));
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);

  // An alternative that still can hold keeps the case open.
  Alternative echoed;
  echoed.grade = Alternative::Grade::informational;
  echoed.expect.messages = std::vector<ExpectedMessage>{{wire::opcode::text, bytes_of("\xff")}};
  c.alternatives.push_back(echoed);
  EXPECT_FALSE(verdict_decided(c, t));
}

TEST(VerdictDecided, AFailureOwedBeforeTheHarnessClosesIsDecidedOnceItCloses) {
  Case c = case_failing_the_connection({1002});
  Transcript t = upgraded();
  EXPECT_FALSE(verdict_decided(c, t));
  t.harness_close_at_us = 1500;  // the cleanup close went out; the server had not ended
  EXPECT_TRUE(verdict_decided(c, t));
  server_closes(t, 1000, 2000);
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);
}

TEST(VerdictDecided, ABrokenInvariantDecidesAndAPassNeverDoes) {
  Case c = make_case();
  c.expect.close = any_close_reply();
  Transcript t = upgraded();
  server_closes(t, 1000);
  EXPECT_FALSE(verdict_decided(c, t));  // passing: it is the end that decides, not an early stop
  Transcript bad = upgraded();
  server_closes(bad, 1006);  // §7.4.1: never on the wire
  EXPECT_TRUE(verdict_decided(c, bad));
  Case with_peers = c;
  with_peers.peers.push_back(PeerGroup{});
  EXPECT_FALSE(verdict_decided(with_peers, bad));  // the peers are still to be judged
}

// ---- close -----------------------------------------------------------------------------------

TEST(JudgeClose, CodeInTheListPasses) {
  const Case c = case_expecting_close({1009, 1002});
  Transcript t = upgraded();
  server_closes(t, 1002);
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(JudgeClose, CodesAreComparedExactly) {
  const Case c = case_expecting_close({1002});
  for (const std::uint16_t other : {1000, 1001, 1003, 1012, 3002}) {
    Transcript t = upgraded();
    server_closes(t, other);
    EXPECT_EQ(judge(c, t).verdict, Verdict::fail) << other;
  }
}

TEST(JudgeClose, AnyValidCodeMeansASendableOne) {
  // Through judge() the invariant reports an unsendable code first; the outcome itself must
  // not accept it either (alternatives and reports rely on it).
  Expectation outcome;
  outcome.close = close_codes({});
  Transcript t = upgraded();
  server_closes(t, 1006);
  EXPECT_FALSE(judge_detail::expectation_mismatches(outcome, t).empty());
  server_closes(t, 4000);
  EXPECT_TRUE(judge_detail::expectation_mismatches(outcome, t).empty());
}

TEST(JudgeClose, EmptyBodyOnlyWhenAllowed) {
  Case c = case_expecting_close({1000});
  Transcript t = upgraded();
  t.server_close = ReceivedClose{std::nullopt, {}, 0, 1000};
  server_ends(t, TcpEnd::fin);
  const Judgement refused = judge(c, t);
  EXPECT_EQ(refused.verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(refused), "saw a close frame with no code"));

  c.expect.close->allow_empty_body = true;
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(JudgeClose, DroppedConnectionOnlyWhenOrDropped) {
  for (const TcpEnd end : {TcpEnd::fin, TcpEnd::rst}) {
    Transcript t = upgraded();
    server_ends(t, end);
    EXPECT_EQ(judge(case_expecting_close({1002}, true), t).verdict, Verdict::pass);
    const Judgement strict_close = judge(case_expecting_close({1002}, false), t);
    EXPECT_EQ(strict_close.verdict, Verdict::fail);
    EXPECT_TRUE(contains(all_reasons(strict_close), "no close frame"));
  }
}

TEST(JudgeClose, OrDroppedDoesNotExcuseACloseFrameWithTheWrongCode) {
  const Case c = case_expecting_close({1002}, true);
  Transcript t = upgraded();
  server_closes(t, 1000);
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);
}

TEST(JudgeClose, OpenOrSilentConnectionIsNeitherClosedNorDropped) {
  for (const TcpEnd end : {TcpEnd::open, TcpEnd::silence}) {
    Transcript t = upgraded();
    t.tcp_end = end;
    const Judgement judgement = judge(case_expecting_close({1002}, true), t);
    EXPECT_EQ(judgement.verdict, Verdict::fail);
    EXPECT_TRUE(contains(all_reasons(judgement), "neither closed nor dropped the connection"));
  }
}

TEST(JudgeClose, TheHarnessClosingTheConnectionIsNotADrop) {
  Transcript t = upgraded();
  server_ends(t, TcpEnd::harness_closed);
  EXPECT_EQ(judge(case_expecting_close({1002}, true), t).verdict, Verdict::fail);
}

TEST(JudgeClose, WithinMeasuresFromTheLastThingWeSent) {
  Case c = case_expecting_close({1000});
  c.expect.close->within = 1ms;
  Transcript t = upgraded();
  send_event(t, Event::Kind::frame_sent, 100);
  send_event(t, Event::Kind::bytes_sent, 5000);  // the last send: the clock starts here
  Event note;
  note.kind = Event::Kind::note;
  note.at_us = 5400;
  t.events.push_back(note);
  server_closes(t, 1000, 5800);  // 800 us after the last send, 5700 us after the first
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass) << all_reasons(judge(c, t));

  server_closes(t, 1000, 6500);  // 1.5 ms after the last send
  const Judgement late = judge(c, t);
  EXPECT_EQ(late.verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(late), "within 1 ms"));
  EXPECT_TRUE(contains(all_reasons(late), "1.5 ms"));
}

TEST(JudgeClose, WithinFailsWhenTheConnectionNeverEnded) {
  Case c = case_expecting_close({1000});
  c.expect.close->within = 1000ms;
  Transcript t = upgraded();
  send_event(t, Event::Kind::frame_sent, 100);
  t.server_close = ReceivedClose{1000, {}, 2, 300};
  t.tcp_end = TcpEnd::open;
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(judgement), "still open"));
}

// ---- verdicts: alternatives, levels, strict --------------------------------------------------

TEST(JudgeAlternatives, MatchingAlternativeGivesItsGradeAndWhy) {
  Case c = case_expecting_close({1007}, true);
  c.alternatives.push_back(alternative(Alternative::Grade::non_strict, close_codes({1002}),
                                       "failed with 1002 rather than 1007"));
  Transcript t = upgraded();
  server_closes(t, 1002);
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::non_strict);
  EXPECT_TRUE(contains(all_reasons(judgement), "failed with 1002 rather than 1007"));

  server_closes(t, 1000);  // matches neither
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);
}

TEST(JudgeAlternatives, TheBestGradeWinsNotTheFirstListed) {
  Case c = case_expecting_close({1007});
  c.alternatives.push_back(alternative(Alternative::Grade::informational, close_codes({}), "i"));
  c.alternatives.push_back(alternative(Alternative::Grade::non_strict, close_codes({1002}), "n"));
  c.alternatives.push_back(alternative(Alternative::Grade::pass, close_codes({1002, 1003}), "p"));
  Transcript t = upgraded();
  server_closes(t, 1002);
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);

  server_closes(t, 1003);  // only the pass and informational alternatives match
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);

  server_closes(t, 1001);  // only the informational one matches
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::informational);
  EXPECT_TRUE(contains(all_reasons(judgement), ": i"));
}

TEST(JudgeAlternatives, NonStrictBeatsInformationalWhicheverComesFirst) {
  Case c = case_expecting_close({1007});
  c.alternatives.push_back(alternative(Alternative::Grade::informational, close_codes({}), "i"));
  c.alternatives.push_back(alternative(Alternative::Grade::non_strict, close_codes({1002}), "n"));
  Transcript t = upgraded();
  server_closes(t, 1002);
  EXPECT_EQ(judge(c, t).verdict, Verdict::non_strict);
}

TEST(JudgeAlternatives, ALaterWorseAlternativeDoesNotReplaceABetterOne) {
  Case c = case_expecting_close({1007});
  c.alternatives.push_back(alternative(Alternative::Grade::pass, close_codes({1002}), "p"));
  c.alternatives.push_back(alternative(Alternative::Grade::non_strict, close_codes({1002}), "n"));
  c.alternatives.push_back(alternative(Alternative::Grade::informational, close_codes({}), "i"));
  Transcript t = upgraded();
  server_closes(t, 1002);
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::pass);
  EXPECT_TRUE(contains(all_reasons(judgement), ": p"));
}

TEST(JudgeAlternatives, OnATieTheFirstListedGivesTheReason) {
  Case c = case_expecting_close({1007});
  c.alternatives.push_back(alternative(Alternative::Grade::non_strict, close_codes({1002}), "one"));
  c.alternatives.push_back(alternative(Alternative::Grade::non_strict, close_codes({}), "two"));
  Transcript t = upgraded();
  server_closes(t, 1002);
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::non_strict);
  EXPECT_TRUE(contains(all_reasons(judgement), ": one"));
  EXPECT_FALSE(contains(all_reasons(judgement), ": two"));
}

TEST(JudgeAlternatives, ExpectMatchingWinsOverAnyAlternative) {
  Case c = case_expecting_close({1002});
  c.alternatives.push_back(
      alternative(Alternative::Grade::informational, close_codes({1002}), "same"));
  Transcript t = upgraded();
  server_closes(t, 1002);
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(JudgeLevels, MismatchMapsByLevel) {
  Transcript t = upgraded();
  server_closes(t, 1000);
  EXPECT_EQ(judge(case_expecting_close({1002}, false, Level::must), t).verdict, Verdict::fail);
  EXPECT_EQ(judge(case_expecting_close({1002}, false, Level::should), t).verdict,
            Verdict::non_strict);
  EXPECT_EQ(judge(case_expecting_close({1002}, false, Level::may), t).verdict,
            Verdict::informational);
  EXPECT_EQ(judge(case_expecting_close({1002}, false, Level::informational), t).verdict,
            Verdict::informational);
}

TEST(JudgeLevels, MatchPassesExceptForInformationalCases) {
  Transcript t = upgraded();
  server_closes(t, 1000);
  EXPECT_EQ(judge(case_expecting_close({1000}, false, Level::should), t).verdict, Verdict::pass);
  EXPECT_EQ(judge(case_expecting_close({1000}, false, Level::may), t).verdict, Verdict::pass);

  const Judgement observed = judge(case_expecting_close({1000}, false, Level::informational), t);
  EXPECT_EQ(observed.verdict, Verdict::informational);
  ASSERT_FALSE(observed.reasons.empty());
  EXPECT_TRUE(contains(observed.reasons.front(), "closed with 1000"));
}

TEST(JudgeStrict, TurnsNonStrictIntoFailAndNothingElse) {
  Transcript t = upgraded();
  server_closes(t, 1000);
  const JudgeOptions strict{.strict = true};
  EXPECT_EQ(judge(case_expecting_close({1002}, false, Level::should), t, strict).verdict,
            Verdict::fail);
  EXPECT_EQ(judge(case_expecting_close({1000}, false, Level::should), t, strict).verdict,
            Verdict::pass);
  EXPECT_EQ(judge(case_expecting_close({1002}, false, Level::may), t, strict).verdict,
            Verdict::informational);

  Case with_alternative = case_expecting_close({1002});
  with_alternative.alternatives.push_back(
      alternative(Alternative::Grade::non_strict, close_codes({1000}), "close enough"));
  EXPECT_EQ(judge(with_alternative, t).verdict, Verdict::non_strict);
  EXPECT_EQ(judge(with_alternative, t, strict).verdict, Verdict::fail);
}

// ---- reasons ---------------------------------------------------------------------------------

TEST(JudgeReasons, HeadlineSaysWhatWasExpectedAndWhatTheServerDid) {
  Case c = case_expecting_close({1002}, true);
  c.expect.messages = std::vector<ExpectedMessage>{};
  Transcript t = upgraded();
  sent(t, wire::opcode::text, "Hello");
  received(t, wire::opcode::text, "Hello");
  server_closes(t, 1000);
  const Judgement judgement = judge(c, t);
  ASSERT_EQ(judgement.verdict, Verdict::fail);
  const std::string& headline = judgement.reasons.front();
  EXPECT_TRUE(headline.starts_with("expected no message and close 1002")) << headline;
  EXPECT_TRUE(contains(headline,
                       "or a dropped connection; the server echoed the message and "
                       "closed with 1000"))
      << headline;
  // The registry's names appear as soon as it has them.
  if (!name_of(1000).empty()) {
    EXPECT_TRUE(contains(headline, "1000 (" + name_of(1000) + ")"));
  }
  if (!name_of(1002).empty()) {
    EXPECT_TRUE(contains(headline, "1002 (" + name_of(1002) + ")"));
  }
}

TEST(JudgeReasons, ServerThatNeitherClosedNorDroppedIsSaidSo) {
  const Case c = case_expecting_close({1002}, true);
  Transcript t = upgraded();
  t.tcp_end = TcpEnd::silence;
  EXPECT_TRUE(contains(judge(c, t).reasons.front(),
                       "the server neither closed nor dropped the connection"));
}

TEST(JudgeReasons, PayloadsAreShownBrieflyAsTextOrHex) {
  using judge_detail::describe_payload;
  EXPECT_EQ(describe_payload(bytes_of("Hello")), "\"Hello\"");
  EXPECT_EQ(describe_payload({}), "(empty)");
  EXPECT_EQ(describe_payload(wire::Bytes{0x00, 0xff}), "hex 00 ff (2 bytes)");
  // Invalid UTF-8 (a lone continuation byte) is shown as hex.
  EXPECT_EQ(describe_payload(wire::Bytes{'a', 0x80}), "hex 61 80 (2 bytes)");
  // Control characters too.
  EXPECT_EQ(describe_payload(bytes_of("a\nb")), "hex 61 0a 62 (3 bytes)");
  // Long text: the first 32 bytes, then the size.
  EXPECT_EQ(describe_payload(bytes_of(std::string(40, '*'))),
            "\"" + std::string(32, '*') + "...\" (40 bytes)");
  // Long binary: the first 32 bytes in hex.
  const std::string long_hex = describe_payload(wire::Bytes(100, 0xfe));
  EXPECT_TRUE(long_hex.ends_with("fe ... (100 bytes)")) << long_hex;
  EXPECT_EQ(long_hex.size(),
            std::string("hex ").size() + 32 * 3 - 1 + std::string(" ... (100 bytes)").size());
}

TEST(JudgeReasons, TextIsNotCutInsideAMultiByteCharacter) {
  // 31 ASCII bytes then a 2-byte character: the cut at 32 would split it.
  const std::string text = std::string(31, 'a') + "\xce\xba" + "tail";
  EXPECT_EQ(judge_detail::describe_payload(bytes_of(text)),
            "\"" + std::string(31, 'a') + "...\" (37 bytes)");
}

TEST(JudgeReasons, CloseCodesCarryTheirRegistryNames) {
  EXPECT_TRUE(judge_detail::describe_close_code(1011).starts_with("1011"));
  const std::string name = name_of(1011);
  if (!name.empty()) {
    EXPECT_EQ(judge_detail::describe_close_code(1011), "1011 (" + name + ")");
  } else {
    EXPECT_EQ(judge_detail::describe_close_code(1011), "1011");  // no name yet: the number alone
  }
}

TEST(JudgeReasons, PassSaysWhatTheServerDid) {
  const Case c = case_expecting_close({1000});
  Transcript t = upgraded();
  server_closes(t, 1000);
  const Judgement judgement = judge(c, t);
  ASSERT_EQ(judgement.verdict, Verdict::pass);
  ASSERT_FALSE(judgement.reasons.empty());
  EXPECT_TRUE(contains(judgement.reasons.front(), "closed with 1000"));
}

}  // namespace
}  // namespace wsconform::scenario

// ---- faults: server deaths and peer connections ------------------------------------------------

namespace wsconform::scenario {
namespace {

// A case whose main connection expects close 1011, with `peers` beside it.
Case fault_case(std::vector<PeerGroup> peers) {
  Case c = make_case();
  c.expect.close = CloseExpectation{};
  c.expect.close->codes = {1011};
  c.peers = std::move(peers);
  return c;
}

PeerGroup group(std::string name, std::size_t count, PeerGroup::When when,
                std::vector<std::uint16_t> codes) {
  PeerGroup g;
  g.name = std::move(name);
  g.count = count;
  g.when = when;
  g.expect.close = CloseExpectation{};
  g.expect.close->codes = std::move(codes);
  return g;
}

PeerRecord peer(std::size_t group_index, std::size_t index, Transcript t) {
  PeerRecord record;
  record.group = group_index;
  record.index = index;
  record.transcript = std::move(t);
  return record;
}

Transcript closed_with(std::uint16_t code) {
  Transcript t = upgraded();
  server_closes(t, code);
  return t;
}

TEST(JudgeFaults, AServerThatDiedDuringTheCaseFailsItWhateverElseHappened) {
  Case c = make_case();
  Transcript t;
  t.harness_error = "connect failed";
  t.server_deaths.push_back("it was killed by SIGSEGV after 1.2 s; its last output: boom");
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(
      contains(judgement.reasons.front(), "died while this case ran: it was killed by SIGSEGV"))
      << all_reasons(judgement);
}

TEST(JudgeFaults, EveryPeerThatMeetsItsExpectationKeepsThePass) {
  Case c = fault_case({group("bystander", 2, PeerGroup::When::before, {1000})});
  Transcript t = closed_with(1011);
  t.peers.push_back(peer(0, 0, closed_with(1000)));
  t.peers.push_back(peer(0, 1, closed_with(1000)));
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::pass) << all_reasons(judgement);
  EXPECT_TRUE(contains(all_reasons(judgement), "bystander 2 of 2: as expected"));
}

TEST(JudgeFaults, APeerHurtByTheFaultFailsTheCaseAndLeadsTheReasons) {
  Case c = fault_case({group("bystander", 2, PeerGroup::When::before, {1000})});
  Transcript t = closed_with(1011);
  t.peers.push_back(peer(0, 0, closed_with(1000)));
  Transcript hurt = upgraded();
  server_ends(hurt, TcpEnd::rst);
  t.peers.push_back(peer(0, 1, hurt));
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(judgement.reasons.front(), "bystander 2 of 2: expected close 1000"))
      << all_reasons(judgement);
}

TEST(JudgeFaults, APeerThatSeesAnUnsendableCodeFailsOnTheInvariant) {
  Case c = fault_case({group("bystander", 1, PeerGroup::When::before, {})});
  c.peers[0].expect.close->or_dropped = true;
  Transcript t = closed_with(1011);
  t.peers.push_back(peer(0, 0, closed_with(1006)));
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(all_reasons(judgement), "bystander: ")) << all_reasons(judgement);
  EXPECT_TRUE(contains(all_reasons(judgement), "1006")) << all_reasons(judgement);
}

TEST(JudgeFaults, ANewcomerTheServerNeverAcceptsFailsTheCase) {
  Case c = fault_case({group("reconnect", 1, PeerGroup::When::after, {1000})});
  Transcript t = closed_with(1011);
  Transcript refused;
  refused.tcp_end = TcpEnd::connect_failed;
  refused.harness_error = "cannot connect to 127.0.0.1:9: Connection refused";
  PeerRecord record = peer(0, 0, refused);
  record.attempts = 7;
  t.peers.push_back(record);
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(
      contains(judgement.reasons.front(), "reconnect: expected a fresh connection to be accepted"))
      << all_reasons(judgement);
  EXPECT_TRUE(contains(judgement.reasons.front(), "7 attempts")) << all_reasons(judgement);
}

TEST(JudgeFaults, ABystanderTheHarnessCouldNotOpenIsAnError) {
  Case c = fault_case({group("bystander", 1, PeerGroup::When::before, {1000})});
  Transcript t = closed_with(1011);
  Transcript broken;
  broken.harness_error = "the case timed out after 10 ms before the handshake";
  t.peers.push_back(peer(0, 0, broken));
  EXPECT_EQ(judge(c, t).verdict, Verdict::error);
}

TEST(JudgeFaults, AReconnectSaysHowLongItTook) {
  Case c = fault_case({group("reconnect", 1, PeerGroup::When::after, {1000})});
  Transcript t = closed_with(1011);
  PeerRecord record = peer(0, 0, closed_with(1000));
  record.attempts = 3;
  record.upgraded_after_us = 41'600;
  t.peers.push_back(record);
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::pass);
  EXPECT_TRUE(contains(all_reasons(judgement),
                       "connected 42 ms after the main connection ended, attempt 3"))
      << all_reasons(judgement);
}

TEST(JudgeFaults, AFailingMainConnectionStaysTheHeadline) {
  Case c = fault_case({group("bystander", 1, PeerGroup::When::before, {1000})});
  Transcript t = upgraded();
  server_ends(t, TcpEnd::rst);  // dropped instead of close 1011
  t.peers.push_back(peer(0, 0, closed_with(1000)));
  const Judgement judgement = judge(c, t);
  EXPECT_EQ(judgement.verdict, Verdict::fail);
  EXPECT_TRUE(contains(judgement.reasons.front(), "expected close 1011")) << all_reasons(judgement);
}

TEST(Judge, FloodStalledHoldsOnlyWhenAFloodStalled) {
  Case c = make_case(Level::should);
  c.expect.flood_stalled = true;
  Transcript t = upgraded();
  server_closes(t, 1000);
  EXPECT_EQ(judge(c, t).verdict, Verdict::non_strict);
  EXPECT_NE(all_reasons(judge(c, t)).find("no flood ran"), std::string::npos);

  t.floods.push_back(FloodRecord{65536, 1024, 1024, 1024u * 65550, false, 0});
  const Judgement took_all = judge(c, t);
  EXPECT_EQ(took_all.verdict, Verdict::non_strict);
  EXPECT_NE(all_reasons(took_all).find("it took all 1024 messages"), std::string::npos)
      << all_reasons(took_all);

  t.floods.back().stalled = true;
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

}  // namespace
}  // namespace wsconform::scenario
