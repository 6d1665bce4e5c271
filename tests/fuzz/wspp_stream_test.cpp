// websocketpp's frame parser behind the adapter: messages as its connection delivers them, errors
// with the rules and close codes the reference target answers with, the same answer whatever the
// pieces, and each behaviour the fuzz targets' allow-list (wspp_deviations.hpp) relies on: if
// websocketpp changes, these tests say which entry to drop.
#include "fuzz/wspp_stream.hpp"

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
using Error = wspp::Outcome::Error;
namespace op = wire::opcode;

constexpr std::uint64_t kWsppMessageLimit = 1000;

wspp::Outcome parse(const Bytes& stream, Pieces* pieces = nullptr) {
  return wspp::parse_client_stream(stream.data(), stream.size(), kWsppMessageLimit, pieces);
}

Bytes close_frame(std::uint16_t code, std::string_view reason = {}) {
  const Bytes body = wire::encode_close_payload(code, reason);
  return client_frame(op::close, wire::ByteView(body));
}

TEST(WsppStream, DeliversMessagesAndStopsAtTheClose) {
  const Bytes stream = client_frame(op::text, "Hel", testing::not_fin()) +
                       client_frame(op::ping, "p") + client_frame(op::continuation, "lo") +
                       close_frame(1000) + client_frame(op::text, "after");
  for (std::uint8_t control : {0x00, 0x01, 0x07}) {
    Pieces pieces(control);
    const wspp::Outcome out = parse(stream, &pieces);
    EXPECT_EQ(out.error, Error::none) << out.error_name;
    EXPECT_TRUE(out.closed);
    ASSERT_EQ(out.messages.size(), 3u);
    EXPECT_EQ(out.messages[0].opcode, op::ping);
    EXPECT_EQ(out.messages[1].payload, "Hello");
    EXPECT_EQ(out.messages[2].opcode, op::close);
  }
}

TEST(WsppStream, ProcessorErrorsNameTheirRulesAndCloseCodes) {
  const wspp::Outcome rsv = parse(client_frame(op::text, "x", testing::with_rsv1()));
  EXPECT_EQ(rsv.error, Error::processor);
  EXPECT_EQ(rsv.rules, std::vector<Rule>{Rule::rsv_bit_without_extension});
  EXPECT_EQ(rsv.close_code, 1002);
  EXPECT_EQ(rsv.error_offset, 2u);  // the basic header is read before it is checked

  const wspp::Outcome unmasked = parse(client_frame(op::text, "x", testing::unmasked()));
  EXPECT_EQ(unmasked.rules, std::vector<Rule>{Rule::unmasked_client_frame});

  const wspp::Outcome orphan = parse(client_frame(op::continuation, "x"));
  EXPECT_EQ(orphan.rules.size(), 2u);  // invalid_continuation stands for both §5.4 rules
  EXPECT_EQ(orphan.close_code, 1002);

  const wspp::Outcome utf8 = parse(client_frame(op::text, "ok\xc0\x80"));
  EXPECT_EQ(utf8.rules, std::vector<Rule>{Rule::invalid_utf8_text});
  EXPECT_EQ(utf8.close_code, 1007);

  const wspp::Outcome big =
      parse(client_frame(op::binary, std::string(kWsppMessageLimit + 1, 'b')));
  EXPECT_EQ(big.rules, std::vector<Rule>{Rule::message_too_big});
  EXPECT_EQ(big.close_code, 1009);
}

TEST(WsppStream, CloseBodyErrorsComeFromTheConnectionChecks) {
  const wspp::Outcome code = parse(close_frame(1005));
  EXPECT_EQ(code.error, Error::close_body);
  EXPECT_EQ(code.rules, std::vector<Rule>{Rule::invalid_close_code});
  EXPECT_EQ(code.close_code, 1002);
  EXPECT_FALSE(code.closed);

  const wspp::Outcome one_byte = parse(client_frame(op::close, "\x03"));
  EXPECT_EQ(one_byte.rules, std::vector<Rule>{Rule::close_payload_one_byte});
}

TEST(WsppStream, AUtf8ErrorIsReportedInsideItsFrameWhateverThePieces) {
  const Bytes first = client_frame(op::text, "fine", testing::not_fin());
  const Bytes stream = first + client_frame(op::continuation,
                                            "abc\xff"
                                            "def");
  for (std::uint8_t control = 0; control < 8; ++control) {
    Pieces pieces(control);
    const wspp::Outcome out = parse(stream, &pieces);
    EXPECT_EQ(out.error, Error::processor);
    EXPECT_GT(out.error_offset, first.size());
    EXPECT_LE(out.error_offset, stream.size());
  }
}

// Allow-list entry non-minimal-length-closes-1011.
TEST(WsppDeviations, NonMinimalLengthIsRefusedWith1011) {
  const wspp::Outcome out =
      parse(client_frame(op::text, "x", testing::in_form(LengthForm::medium16)));
  EXPECT_EQ(out.rules, std::vector<Rule>{Rule::non_minimal_length});
  EXPECT_EQ(out.close_code, 1011);
}

// Allow-list entry close-reason-utf8-closes-1002.
TEST(WsppDeviations, InvalidCloseReasonIsRefusedWith1002) {
  const wspp::Outcome out = parse(close_frame(1000, "\xc0\xaf"));
  EXPECT_EQ(out.rules, std::vector<Rule>{Rule::invalid_utf8_close_reason});
  EXPECT_EQ(out.close_code, 1002);
}

// Allow-list entry fragmented-text-ends-inside-character.
TEST(WsppDeviations, FragmentedTextEndingInsideACharacterIsDelivered) {
  const wspp::Outcome fragmented = parse(client_frame(op::text, "ok", testing::not_fin()) +
                                         client_frame(op::continuation, "\xe2\x82"));
  EXPECT_EQ(fragmented.error, Error::none);
  ASSERT_EQ(fragmented.messages.size(), 1u);
  EXPECT_EQ(fragmented.messages[0].payload, "ok\xe2\x82");
  // Unfragmented, the same bytes are refused.
  EXPECT_EQ(parse(client_frame(op::text, "ok\xe2\x82")).close_code, 1007);
}

// Allow-list entry continuation-length-wraps-size-check.
TEST(WsppDeviations, AContinuationWhoseLengthWrapsPassesTheSizeCheck) {
  const Bytes open = client_frame(op::binary, "ab", testing::not_fin());
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  const Bytes huge = client_frame(op::continuation, std::string(2 * kWsppMessageLimit, 'x'),
                                  testing::declaring(max));
  // Twice the limit arrives, and websocketpp still waits for more.
  const wspp::Outcome wraps = parse(open + huge);
  EXPECT_EQ(wraps.error, Error::none) << wraps.error_name;
  // Without the wrap, the same frame is too big.
  const Bytes fits = client_frame(op::continuation, "", testing::declaring(max - 2));
  EXPECT_EQ(parse(open + fits).rules, std::vector<Rule>{Rule::message_too_big});
}

}  // namespace
}  // namespace wsconform::fuzz
