// The live campaign's oracle: what a server must do for an input, as case expectations graded as
// docs/grading.md grades the suite (valid: echoes, the pings' pongs, any close reply; invalid:
// failing the connection with the fitting code, 1008 or a drop, a probe ping unanswered, another
// code non-strict; fewer echoes allowed), and how an input is made judgeable (padding a frame left
// open, refusing what depends on the server's own limits).
#include "fuzz/live/oracle.hpp"

#include <gtest/gtest.h>

#include "fuzz/live/stream_analysis.hpp"
#include "stream_builder.hpp"
#include "wire/close_payload.hpp"

namespace wsconform::fuzz::live {
namespace {

using scenario::Alternative;
using scenario::SendFrameStep;
using scenario::SendRawStep;
namespace op = wire::opcode;

const OracleOptions kOptions{std::chrono::milliseconds(500)};

SendFrameStep send(std::uint8_t opcode, std::string_view payload = {}, bool fin = true) {
  SendFrameStep step;
  step.frame.opcode = opcode;
  step.frame.fin = fin;
  step.frame.payload = wire::bytes_of(payload);
  step.frame.mask = testing::kKey;
  return step;
}

SendFrameStep close_send(std::uint16_t code, std::string_view reason = {}) {
  SendFrameStep step = send(op::close);
  step.frame.payload = wire::encode_close_payload(code, reason);
  return step;
}

Prediction must_predict(const LiveInput& input) {
  const std::optional<Prediction> p = predict(input, kOptions);
  EXPECT_TRUE(p.has_value());
  return p.value_or(Prediction{});
}

std::vector<std::uint16_t> codes_of(const scenario::Expectation& outcome) {
  return outcome.close ? outcome.close->codes : std::vector<std::uint16_t>{};
}

TEST(LiveOracle, ValidInputIsEchoedAndItsPingAnsweredAndTheCaseCloses) {
  const LiveInput input{{send(op::text, "Hel", false), send(op::ping, "p"),
                         send(op::continuation, "lo"), send(op::binary, "b")}};
  const Prediction p = must_predict(input);
  EXPECT_EQ(p.label, "valid");
  ASSERT_TRUE(p.expect.messages.has_value());
  ASSERT_EQ(p.expect.messages->size(), 2u);
  EXPECT_EQ(wire::string_of((*p.expect.messages)[0].payload), "Hello");
  EXPECT_EQ((*p.expect.messages)[1].opcode, op::binary);
  ASSERT_TRUE(p.expect.pongs.has_value());
  EXPECT_EQ(*p.expect.pongs, std::vector<wire::Bytes>{wire::bytes_of("p")});
  EXPECT_TRUE(codes_of(p.expect).empty());  // §5.5.1: any close reply (grading.hpp)
  EXPECT_TRUE(p.expect.close->allow_empty_body);
  EXPECT_FALSE(p.expect.close->or_dropped);
  EXPECT_FALSE(p.probe);
  EXPECT_EQ(p.expect.close->within, kOptions.timeout);
  EXPECT_TRUE(p.alternatives.empty());

  const scenario::Case c = make_case(input, p, "fuzz/test/valid", kOptions);
  ASSERT_EQ(c.steps.size(), 5u);  // the four sends, then the case's close
  EXPECT_TRUE(std::holds_alternative<scenario::CloseStep>(c.steps.back().step));
  EXPECT_EQ(c.requirement.level, scenario::Level::must);
}

TEST(LiveOracle, SeveralPingsNeedTheirPongsInOrderEndingWithTheLast) {
  // §5.5.3: a server may answer only the most recent of pings it has not answered yet.
  const Prediction p = must_predict({{send(op::ping, "1"), send(op::ping, "2")}});
  ASSERT_TRUE(p.expect.pongs.has_value());
  EXPECT_EQ(*p.expect.pongs, (std::vector<wire::Bytes>{wire::bytes_of("1"), wire::bytes_of("2")}));
  EXPECT_TRUE(p.expect.latest_pong_suffices);
}

TEST(LiveOracle, AClientCloseIsAnsweredAndNothingAfterItIsEchoed) {
  const LiveInput input{
      {send(op::text, "before"), close_send(4000, "bye"), send(op::text, "after")}};
  const Prediction p = must_predict(input);
  EXPECT_EQ(p.label, "valid-close");
  EXPECT_TRUE(p.client_closes);
  EXPECT_EQ(p.expect.messages->size(), 1u);
  EXPECT_TRUE(codes_of(p.expect).empty());  // any close reply
  // Bytes after the close: the server's reset may cost its last frames, so fewer (never more)
  // echoes, and a drop, are allowed.
  ASSERT_EQ(p.alternatives.size(), 2u);
  EXPECT_TRUE(p.alternatives[0].expect.close->or_dropped);
  EXPECT_TRUE(p.alternatives[0].expect.messages->empty());
  const scenario::Case c = make_case(input, p, "fuzz/test/close", kOptions);
  EXPECT_TRUE(std::holds_alternative<scenario::AwaitStep>(c.steps.back().step));
}

TEST(LiveOracle, AnEmptyCloseMayBeAnsweredWithAnEmptyClose) {
  const Prediction p = must_predict({{send(op::close)}});
  EXPECT_TRUE(p.expect.close->allow_empty_body);
  EXPECT_TRUE(p.alternatives.empty());
}

TEST(LiveOracle, AFramingViolationCallsFor1002OrADropAndAllowsFewerEchoes) {
  SendFrameStep rsv = send(op::text, "x");
  rsv.frame.rsv1 = true;
  const Prediction p = must_predict({{send(op::text, "a"), send(op::text, "b"), rsv}});
  EXPECT_EQ(p.label, "rsv-bit-without-extension");
  EXPECT_EQ(p.section, "5.2");
  EXPECT_EQ(codes_of(p.expect), (std::vector<std::uint16_t>{1002, 1008}));
  EXPECT_TRUE(p.expect.close->or_dropped);
  EXPECT_TRUE(p.expect.probe_unanswered);
  EXPECT_TRUE(p.probe);
  EXPECT_EQ(p.expect.messages->size(), 2u);
  // Another code (non-strict), then none or one of the two echoes, each with its fitting codes
  // (pass) or another code (non-strict).
  ASSERT_EQ(p.alternatives.size(), 5u);
  EXPECT_EQ(p.alternatives[0].grade, Alternative::Grade::non_strict);
  EXPECT_TRUE(codes_of(p.alternatives[0].expect).empty());
  for (std::size_t i = 1; i < p.alternatives.size(); ++i) {
    EXPECT_EQ(p.alternatives[i].grade,
              i % 2 == 1 ? Alternative::Grade::pass : Alternative::Grade::non_strict);
  }
  EXPECT_FALSE(p.expect.pongs.has_value());
  const scenario::Case c =
      make_case({{send(op::text, "a"), send(op::text, "b"), rsv}}, p, "fuzz/test/rsv", kOptions);
  EXPECT_TRUE(std::get<SendFrameStep>(c.steps[2].step).probe);  // behind the last input
  EXPECT_FALSE(std::get<SendFrameStep>(c.steps[1].step).probe);
}

TEST(LiveOracle, Utf8AndNonMinimalLengthAreGradedAsTheSuiteGradesThem) {
  const Prediction utf8 = must_predict({{send(op::text, "\xc0\x80")}});
  EXPECT_EQ(codes_of(utf8.expect), (std::vector<std::uint16_t>{1007, 1008}));
  ASSERT_EQ(utf8.alternatives.size(), 1u);
  EXPECT_EQ(utf8.alternatives[0].grade, Alternative::Grade::non_strict);
  EXPECT_TRUE(codes_of(utf8.alternatives[0].expect).empty());  // any other code

  // §5.2's minimal length binds the sender: accepting the frame is informational, not a finding.
  SendFrameStep wide = send(op::text, "x");
  wide.frame.length_form = wire::LengthForm::medium16;
  const Prediction non_minimal = must_predict({{wide}});
  ASSERT_EQ(non_minimal.alternatives.size(), 2u);
  EXPECT_EQ(non_minimal.alternatives[1].grade, Alternative::Grade::informational);
  EXPECT_FALSE(non_minimal.alternatives[1].expect.messages.has_value());

  SendFrameStep top = send(op::binary, "x");
  top.frame.length_form = wire::LengthForm::long64;
  top.frame.declared_length = (std::uint64_t{1} << 63) | 1;
  EXPECT_EQ(codes_of(must_predict({{top}}).expect), (std::vector<std::uint16_t>{1002, 1009, 1008}));
}

TEST(LiveOracle, InvalidUtf8InAnOpenFragmentAllowsALateFailureWithTheLaterCodes) {
  const Prediction p = must_predict({{send(op::text, "\xff", false), send(op::ping, "p")}});
  ASSERT_EQ(p.alternatives.size(), 3u);  // another code, then late (pass) and late, another code
  const Alternative& late = p.alternatives[1];
  EXPECT_EQ(late.grade, Alternative::Grade::pass);  // §8.1 sets no time to notice
  EXPECT_FALSE(late.expect.probe_unanswered);       // a late checker reads on
  // The message never ends before the case's close: a late checker answers that close.
  EXPECT_EQ(codes_of(late.expect), (std::vector<std::uint16_t>{1007, 1002, 1000}));
}

TEST(LiveOracle, CloseBodyRulesAreJudged) {
  EXPECT_EQ(must_predict({{close_send(1005)}}).label, "invalid-close-code");
  EXPECT_EQ(must_predict({{send(op::close, "\x03")}}).label, "close-payload-one-byte");
  const Prediction reason = must_predict({{close_send(1000, "\xc0\xaf")}});
  EXPECT_EQ(reason.label, "invalid-utf8-close-reason");
  EXPECT_EQ(codes_of(reason.expect), (std::vector<std::uint16_t>{1007, 1008}));
  // What a receiver does with the reason is a SHOULD: a normal reply is non-strict.
  EXPECT_EQ(reason.alternatives.back().grade, Alternative::Grade::non_strict);
  EXPECT_TRUE(reason.alternatives.back().expect.close->allow_empty_body);
}

TEST(LiveOracle, AFrameLeftOpenIsPaddedSoTheServerIsNotLeftWaiting) {
  SendFrameStep longer = send(op::binary, "abc");
  longer.frame.declared_length = 10;
  LiveInput input{{longer}};
  EXPECT_FALSE(predict(input, kOptions).has_value());  // the server would wait: not judged
  ASSERT_TRUE(complete_input(input));
  ASSERT_EQ(input.items.size(), 2u);
  EXPECT_EQ(std::get<SendRawStep>(input.items[1]).bytes, wire::Bytes(7, ' '));
  EXPECT_EQ(must_predict(input).label, "valid");
}

TEST(LiveOracle, AViolationIsJudgedOnlyOnceTheBytesAServerNeedsAreThere) {
  // The top bit shows in the length's first byte, but a server may read the whole header first:
  // the header is finished (zeros), then judged.
  SendFrameStep top = send(op::binary);
  top.frame.length_form = wire::LengthForm::long64;
  top.frame.declared_length = std::uint64_t{1} << 63;
  top.frame.truncate_at = 3;
  LiveInput header{{top}};
  ASSERT_TRUE(complete_input(header));
  EXPECT_EQ(client_bytes(header).size(), 14u);  // 2 + 8 length bytes + 4 key bytes
  EXPECT_EQ(must_predict(header).label, "length-top-bit-set");
  // Invalid UTF-8 early in a text frame: a server may check the payload once it is all there.
  SendFrameStep text = send(op::text,
                            "\xff"
                            "abcdef");
  text.frame.truncate_at = 7;
  LiveInput payload{{text}};
  ASSERT_TRUE(complete_input(payload));
  EXPECT_EQ(client_bytes(payload).size(), 2u + 4u + 7u);
}

TEST(LiveOracle, WhatDependsOnTheServersOwnLimitIsNotJudged) {
  SendFrameStep huge = send(op::binary, "x");
  huge.frame.declared_length = kMaxJudgedFrame + 1;
  LiveInput input{{huge}};
  EXPECT_FALSE(complete_input(input));
  EXPECT_FALSE(predict(input, kOptions).has_value());
}

}  // namespace
}  // namespace wsconform::fuzz::live
