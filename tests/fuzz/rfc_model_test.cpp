// The plain RFC 6455 model the websocketpp fuzz targets judge by: frame extents from headers
// alone, the messages a server delivers, and for the first refused frame every rule it breaks,
// as soon as the bytes present prove it.
#include "fuzz/rfc_model.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "stream_builder.hpp"
#include "wire/close_payload.hpp"

namespace wsconform::fuzz {
namespace {

using testing::client_frame;
using testing::operator+;
using wire::Bytes;
using wire::LengthForm;
using wire::Rule;
namespace op = wire::opcode;

constexpr std::uint64_t kLimit = 1000;

ModelVerdict model(const Bytes& stream, std::uint64_t limit = kLimit) {
  return model_client_stream(stream, limit);
}

Bytes prefix(const Bytes& bytes, std::size_t size) {
  return Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
}

Bytes close_body(std::uint16_t code, std::string_view reason = {}) {
  return wire::encode_close_payload(code, reason);
}

TEST(SplitClientFrames, ExtentsComeFromTheHeadersAlone) {
  const Bytes first = client_frame(op::text, "Hello");                // 2 + 4 + 5
  const Bytes second = client_frame(0x3, "x", testing::with_rsv1());  // invalid, but 7 bytes long
  const Bytes third = prefix(client_frame(op::binary, "abc"), 4);     // cut inside the key
  const std::vector<FrameExtent> frames = split_client_frames(first + second + third);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0].start, 0u);
  EXPECT_EQ(frames[0].end, 11u);
  EXPECT_TRUE(frames[0].complete);
  EXPECT_EQ(frames[1].end, 18u);
  EXPECT_TRUE(frames[1].complete);
  EXPECT_EQ(frames[2].end, 22u);
  EXPECT_FALSE(frames[2].complete);
}

TEST(SplitClientFrames, AHugeDeclaredLengthRunsToTheEnd) {
  const Bytes frame = client_frame(op::binary, "abc", testing::declaring(1ull << 40));
  const std::vector<FrameExtent> frames = split_client_frames(frame + frame);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].end, 2 * frame.size());
  EXPECT_FALSE(frames[0].complete);
}

TEST(FrameLookup, HoldingIsHalfOpenTakenIntoIsOpenClosed) {
  const std::vector<FrameExtent> frames = {{0, 6, true}, {6, 10, true}};
  EXPECT_EQ(frame_holding(frames, 0), 0u);
  EXPECT_EQ(frame_holding(frames, 6), 1u);
  EXPECT_EQ(frame_holding(frames, 10), std::nullopt);
  EXPECT_EQ(frame_taken_into(frames, 0), std::nullopt);
  EXPECT_EQ(frame_taken_into(frames, 6), 0u);
  EXPECT_EQ(frame_taken_into(frames, 7), 1u);
}

TEST(Model, DeliversMessagesWithControlFramesBetweenFragments) {
  const ModelVerdict v = model(client_frame(op::text, "Hel", testing::not_fin()) +
                               client_frame(op::ping, "p") + client_frame(op::continuation, "lo") +
                               client_frame(op::close, wire::ByteView(close_body(1000))) +
                               client_frame(0x3));  // after the close: never read
  EXPECT_FALSE(v.refused);
  EXPECT_TRUE(v.closed);
  ASSERT_EQ(v.messages.size(), 3u);
  EXPECT_EQ(v.messages[0].opcode, op::ping);
  EXPECT_EQ(v.messages[1].opcode, op::text);
  EXPECT_EQ(wire::string_of(v.messages[1].payload), "Hello");
  EXPECT_EQ(v.messages[2].opcode, op::close);
}

TEST(Model, AMessageCutShortIsNotDelivered) {
  const ModelVerdict v = model(client_frame(op::text, "ab", testing::not_fin()) +
                               prefix(client_frame(op::continuation, "cd"), 7));
  EXPECT_FALSE(v.refused);
  EXPECT_TRUE(v.messages.empty());
}

struct RuleCase {
  const char* name;
  Bytes stream;
  std::vector<Rule> rules;
  std::size_t frame = 0;
};

class ModelRules : public ::testing::TestWithParam<RuleCase> {};

TEST_P(ModelRules, NamesEveryRuleTheRefusedFrameBreaks) {
  const RuleCase& c = GetParam();
  const ModelVerdict v = model(c.stream);
  ASSERT_TRUE(v.refused.has_value());
  EXPECT_EQ(*v.refused, c.frame);
  EXPECT_EQ(describe_rules(v.rules), describe_rules(c.rules));
}

std::vector<RuleCase> rule_cases() {
  const Bytes open_text = client_frame(op::text, "a", testing::not_fin());
  return {
      {"unmasked", client_frame(op::text, "x", testing::unmasked()), {Rule::unmasked_client_frame}},
      {"rsv1",
       client_frame(op::text, "x", testing::with_rsv1()),
       {Rule::rsv_bit_without_extension}},
      {"reserved_opcode_proved_by_one_byte", {0x83}, {Rule::reserved_opcode}},
      {"reserved_control_not_fin",
       client_frame(0xB, "x", testing::not_fin()),
       {Rule::reserved_opcode, Rule::fragmented_control_frame}},
      {"fragmented_ping",
       client_frame(op::ping, "x", testing::not_fin()),
       {Rule::fragmented_control_frame}},
      {"orphan_continuation",
       client_frame(op::continuation, "x"),
       {Rule::continuation_without_message}},
      {"interleaved_text",
       open_text + client_frame(op::text, "b"),
       {Rule::data_frame_inside_fragmented_message},
       1},
      {"ping_with_16_bit_marker_cut_after_two_bytes",
       prefix(client_frame(op::ping, "p", testing::in_form(LengthForm::medium16)), 2),
       {Rule::control_frame_too_long}},
      {"ping_with_16_bit_length",
       client_frame(op::ping, "p", testing::in_form(LengthForm::medium16)),
       {Rule::control_frame_too_long, Rule::non_minimal_length}},
      {"ping_of_126_bytes",
       client_frame(op::ping, std::string(126, 'p')),
       {Rule::control_frame_too_long}},
      {"non_minimal_16",
       client_frame(op::text, "x", testing::in_form(LengthForm::medium16)),
       {Rule::non_minimal_length}},
      {"non_minimal_64",
       client_frame(op::binary, std::string(200, 'b'), testing::in_form(LengthForm::long64)),
       {Rule::non_minimal_length}},
      {"top_bit_proved_by_its_first_byte",
       prefix(client_frame(op::binary, "", testing::declaring(1ull << 63)), 3),
       {Rule::length_top_bit_set}},
      {"top_bit_whole_length",
       client_frame(op::binary, "", testing::declaring(1ull << 63)),
       {Rule::length_top_bit_set, Rule::message_too_big}},
      {"frame_over_limit",
       client_frame(op::binary, std::string(kLimit + 1, 'b')),
       {Rule::message_too_big}},
      {"message_over_limit",
       client_frame(op::binary, std::string(600, 'b'), testing::not_fin()) +
           client_frame(op::continuation, std::string(401, 'b')),
       {Rule::message_too_big},
       1},
      {"close_one_byte", client_frame(op::close, "\x03"), {Rule::close_payload_one_byte}},
      {"close_code_1005",
       client_frame(op::close, wire::ByteView(close_body(1005))),
       {Rule::invalid_close_code}},
      {"close_code_and_reason_bad",
       client_frame(op::close, wire::ByteView(close_body(999, "\xc0"))),
       {Rule::invalid_close_code, Rule::invalid_utf8_close_reason}},
      {"close_reason_cut_inside_character",
       client_frame(op::close, wire::ByteView(close_body(1000, "\xe2\x82"))),
       {Rule::invalid_utf8_close_reason}},
      {"utf8_invalid_in_first_fragment_refuses_it",
       client_frame(op::text, "\xc0\x80", testing::not_fin()) +
           client_frame(op::continuation, "ok"),
       {Rule::invalid_utf8_text}},
      {"utf8_invalid_in_a_cut_frame",
       prefix(client_frame(op::text,
                           "ab\xff"
                           "cdef"),
              9),
       {Rule::invalid_utf8_text}},
      {"utf8_ends_inside_character", client_frame(op::text, "\xe2\x82"), {Rule::invalid_utf8_text}},
  };
}

INSTANTIATE_TEST_SUITE_P(Rules, ModelRules, ::testing::ValuesIn(rule_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Model, NothingIsRefusedWithoutProof) {
  // A header cut before the bytes that would decide: nothing is proved yet.
  EXPECT_FALSE(model({0x81}).refused);
  EXPECT_FALSE(model(prefix(client_frame(op::text, "x", testing::in_form(LengthForm::medium16)), 3))
                   .refused);
  EXPECT_FALSE(model(prefix(client_frame(op::text, "\xe2\x82\xac"), 8)).refused);  // valid so far
}

TEST(Model, FlagsAFragmentedTextMessageThatEndsInsideACharacter) {
  const ModelVerdict fragmented = model(client_frame(op::text, "ok", testing::not_fin()) +
                                        client_frame(op::continuation, "\xe2\x82"));
  EXPECT_EQ(fragmented.refused, 1u);
  EXPECT_TRUE(fragmented.text_ends_inside_character_after_fragments);
  EXPECT_FALSE(
      model(client_frame(op::text, "\xe2\x82")).text_ends_inside_character_after_fragments);
}

TEST(Model, FlagsAContinuationWhoseLengthOverflowsTheMessageSize) {
  const Bytes open = client_frame(op::binary, "ab", testing::not_fin());
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  const ModelVerdict wraps =
      model(open + client_frame(op::continuation, "", testing::declaring(max - 1)));
  EXPECT_EQ(wraps.refused, 1u);
  EXPECT_TRUE(wraps.length_overflows_message_size);
  const ModelVerdict fits =
      model(open + client_frame(op::continuation, "", testing::declaring(max - 2)));
  EXPECT_EQ(fits.refused, 1u);
  EXPECT_FALSE(fits.length_overflows_message_size);
}

}  // namespace
}  // namespace wsconform::fuzz
