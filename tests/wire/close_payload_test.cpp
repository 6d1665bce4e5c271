// Close frame bodies (RFC 6455 §5.5.1, §7.4): strict parsing and encoding of any code and reason.
#include "wire/close_payload.hpp"

#include <gtest/gtest.h>

#include "support/wire_literals.hpp"

using namespace wsconform::wire;

namespace {

using wsconform::testing::hex;

const Violation* violation_of(const std::variant<ClosePayload, Violation>& parsed) {
  return std::get_if<Violation>(&parsed);
}

}  // namespace

TEST(ClosePayloadParse, EmptyBodyHasNoCode) {
  const auto parsed = parse_close_payload({});
  ASSERT_TRUE(std::holds_alternative<ClosePayload>(parsed));
  EXPECT_FALSE(std::get<ClosePayload>(parsed).code.has_value());
  EXPECT_TRUE(std::get<ClosePayload>(parsed).reason.empty());
}

TEST(ClosePayloadParse, CodeAloneAndCodeWithReason) {
  auto parsed = parse_close_payload(hex("03 e8"));
  ASSERT_TRUE(std::holds_alternative<ClosePayload>(parsed));
  EXPECT_EQ(std::get<ClosePayload>(parsed).code, 1000);
  EXPECT_EQ(std::get<ClosePayload>(parsed).reason, "");

  parsed = parse_close_payload(hex("0f a0 62 79 65 20 e2 82 ac"));  // 4000 "bye €"
  ASSERT_TRUE(std::holds_alternative<ClosePayload>(parsed));
  EXPECT_EQ(std::get<ClosePayload>(parsed).code, 4000);
  EXPECT_EQ(std::get<ClosePayload>(parsed).reason, "bye \xe2\x82\xac");
}

TEST(ClosePayloadParse, OneByteBodyIsAViolation) {
  const auto parsed = parse_close_payload(hex("03"));
  const Violation* violation = violation_of(parsed);
  ASSERT_NE(violation, nullptr);
  EXPECT_EQ(violation->rule, Rule::close_payload_one_byte);
  EXPECT_EQ(violation->offset, 0u);
}

TEST(ClosePayloadParse, EverySendableCodeIsAccepted) {
  for (std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
                             3000, 3999, 4000, 4999}) {
    const auto parsed = parse_close_payload(encode_close_payload(code, "r"));
    ASSERT_TRUE(std::holds_alternative<ClosePayload>(parsed)) << code;
    EXPECT_EQ(std::get<ClosePayload>(parsed).code, code);
  }
}

TEST(ClosePayloadParse, CodesThatMayNotBeOnTheWireAreViolations) {
  // §7.4: unused, reserved, local sentinels, unassigned and out-of-range codes.
  for (std::uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535}) {
    const auto parsed = parse_close_payload(encode_close_payload(code));
    const Violation* violation = violation_of(parsed);
    ASSERT_NE(violation, nullptr) << code;
    EXPECT_EQ(violation->rule, Rule::invalid_close_code) << code;
    EXPECT_EQ(violation->offset, 1u) << code;  // the second code byte completes the code
    EXPECT_NE(violation->detail.find(std::to_string(code)), std::string::npos) << code;
  }
}

TEST(ClosePayloadParse, InvalidUtf8ReasonNamesTheByte) {
  const auto parsed = parse_close_payload(hex("03 e8 61 62 c0 80"));
  const Violation* violation = violation_of(parsed);
  ASSERT_NE(violation, nullptr);
  EXPECT_EQ(violation->rule, Rule::invalid_utf8_close_reason);
  EXPECT_EQ(violation->offset, 4u);
}

TEST(ClosePayloadParse, ReasonEndingInsideACharacterIsInvalid) {
  const auto parsed = parse_close_payload(hex("03 e8 e2 82"));
  const Violation* violation = violation_of(parsed);
  ASSERT_NE(violation, nullptr);
  EXPECT_EQ(violation->rule, Rule::invalid_utf8_close_reason);
  EXPECT_EQ(violation->offset, 3u);
}

TEST(ClosePayloadParse, InvalidCodeIsReportedBeforeAnInvalidReason) {
  const auto parsed = parse_close_payload(hex("03 ed ff"));
  const Violation* violation = violation_of(parsed);
  ASSERT_NE(violation, nullptr);
  EXPECT_EQ(violation->rule, Rule::invalid_close_code);
}

TEST(ClosePayloadEncode, CodeIsBigEndianAndReasonFollows) {
  EXPECT_EQ(to_hex(encode_close_payload(1000, "bye"), true), "03 e8 62 79 65");
  EXPECT_EQ(to_hex(encode_close_payload(0xABCD), true), "ab cd");
  EXPECT_TRUE(encode_close_payload(std::nullopt).empty());
}

TEST(ClosePayloadEncode, WritesMalformedBodiesOnPurpose) {
  EXPECT_EQ(to_hex(encode_close_payload(1005, "\xff"), true), "03 ed ff");
  // No code but a reason: the raw reason bytes, e.g. a 1-byte body.
  EXPECT_EQ(to_hex(encode_close_payload(std::nullopt, "x"), true), "78");
}

TEST(ClosePayloadEncode, RoundTripsThroughTheParser) {
  const Bytes body = encode_close_payload(1011, "handler threw \xce\xbb");
  const auto parsed = parse_close_payload(body);
  ASSERT_TRUE(std::holds_alternative<ClosePayload>(parsed));
  EXPECT_EQ(std::get<ClosePayload>(parsed).code, 1011);
  EXPECT_EQ(std::get<ClosePayload>(parsed).reason, "handler threw \xce\xbb");
}
