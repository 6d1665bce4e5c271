// The strict incremental decoder: RFC 6455 §5.7 examples, round trips over every length
// boundary, each rule it enforces (with the offset of the byte that proves it), UTF-8 checked as
// bytes arrive, size limits judged on the declared length without allocating it, and identical
// results whatever the pieces the bytes arrive in.
#include "wire/frame_decoder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <limits>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "support/wire_literals.hpp"
#include "wire/close_payload.hpp"

// Records the largest single allocation, to show the decoder never allocates a declared length.
namespace {

using wsconform::testing::hex;
using wsconform::testing::kRfcExampleMaskKey;
std::atomic<std::size_t> g_largest_allocation{0};
}  // namespace

// Kept out of line: inlined, GCC would pair a visible free() with operator new and warn.
[[gnu::noinline]] void* operator new(std::size_t size) {
  std::size_t seen = g_largest_allocation.load(std::memory_order_relaxed);
  while (size > seen && !g_largest_allocation.compare_exchange_weak(seen, size)) {
  }
  if (void* block = std::malloc(size == 0 ? 1 : size)) return block;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* block) noexcept {
  std::free(block);
}
[[gnu::noinline]] void operator delete(void* block, std::size_t) noexcept {
  std::free(block);
}

using namespace wsconform::wire;
using Kind = DecodeStep::Kind;

namespace {

DecoderOptions from_client() {
  DecoderOptions options;
  options.sender = Sender::client;
  return options;
}

DecoderOptions from_server() {
  return DecoderOptions{};
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// Feeds `stream` in pieces of `piece` bytes (0: all at once) and returns every frame or
// violation, in order; stops at the first violation.
std::vector<DecodeStep> decode_in_pieces(FrameDecoder& decoder, ByteView stream,
                                         std::size_t piece = 0) {
  std::vector<DecodeStep> steps;
  std::size_t at = 0;
  while (at < stream.size() && !decoder.failed()) {
    const std::size_t take = piece == 0 ? stream.size() - at : std::min(piece, stream.size() - at);
    ByteView chunk = stream.subspan(at, take);
    while (!chunk.empty()) {
      DecodeStep step = decoder.decode(chunk);
      if (step.kind == Kind::need_more) break;
      steps.push_back(std::move(step));
      if (steps.back().kind == Kind::violation) return steps;
    }
    at += take;
  }
  return steps;
}

std::vector<DecodeStep> decode_all(DecoderOptions options, ByteView stream, std::size_t piece = 0) {
  FrameDecoder decoder(options);
  return decode_in_pieces(decoder, stream, piece);
}

// Decodes `stream` and returns its violation; fails the test if there is none.
Violation violation_in(DecoderOptions options, ByteView stream) {
  const std::vector<DecodeStep> steps = decode_all(options, stream);
  if (steps.empty() || steps.back().kind != Kind::violation) {
    ADD_FAILURE() << "no violation in " << to_hex(stream, true);
    return Violation{Rule::message_too_big, "none", ~0ull};
  }
  return steps.back().violation;
}

// Decodes `stream` and returns its frames; fails the test on a violation.
std::vector<Frame> frames_in(DecoderOptions options, ByteView stream) {
  std::vector<Frame> frames;
  for (DecodeStep& step : decode_all(options, stream)) {
    if (step.kind == Kind::violation) {
      ADD_FAILURE() << rule_info(step.violation.rule).id << " at " << step.violation.offset << ": "
                    << step.violation.detail;
      break;
    }
    frames.push_back(std::move(step.frame));
  }
  return frames;
}

// A canonical text for a step, so that sequences of steps compare as strings.
std::string describe(const DecodeStep& step) {
  if (step.kind == Kind::violation) {
    return std::string(rule_info(step.violation.rule).id) + " @" +
           std::to_string(step.violation.offset) + " " + step.violation.detail;
  }
  const Frame& f = step.frame;
  return "frame fin=" + std::to_string(f.fin) + " rsv=" + std::to_string(f.rsv1) +
         std::to_string(f.rsv2) + std::to_string(f.rsv3) + " op=" + std::to_string(f.opcode) +
         " masked=" + std::to_string(f.masked) + " key=" + to_hex(f.mask_key) +
         " form=" + std::to_string(int(f.length_form)) +
         " len=" + std::to_string(f.payload_length) + " header=" + std::to_string(f.header_size) +
         " payload=" + to_hex(f.payload);
}

std::vector<std::string> describe_all(const std::vector<DecodeStep>& steps) {
  std::vector<std::string> out;
  for (const DecodeStep& step : steps) out.push_back(describe(step));
  return out;
}

}  // namespace

// ---- RFC 6455 §5.7 examples ----

TEST(FrameDecoderRfcExamples, SingleFrameUnmaskedText) {
  const auto frames = frames_in(from_server(), hex("81 05 48 65 6c 6c 6f"));
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(frames[0].fin);
  EXPECT_EQ(frames[0].opcode, opcode::text);
  EXPECT_FALSE(frames[0].masked);
  EXPECT_EQ(frames[0].header_size, 2u);
  EXPECT_EQ(frames[0].length_form, LengthForm::short7);
  EXPECT_EQ(string_of(frames[0].payload), "Hello");
}

TEST(FrameDecoderRfcExamples, SingleFrameMaskedTextIsUnmasked) {
  const auto frames = frames_in(from_client(), hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(frames[0].masked);
  EXPECT_EQ(frames[0].mask_key, kRfcExampleMaskKey);
  EXPECT_EQ(frames[0].header_size, 6u);
  EXPECT_EQ(string_of(frames[0].payload), "Hello");
}

TEST(FrameDecoderRfcExamples, FragmentedUnmaskedText) {
  FrameDecoder decoder(from_server());
  const Bytes first = hex("01 03 48 65 6c");
  const Bytes second = hex("80 02 6c 6f");
  ByteView input(first);
  DecodeStep step = decoder.decode(input);
  ASSERT_EQ(step.kind, Kind::frame);
  EXPECT_FALSE(step.frame.fin);
  EXPECT_EQ(step.frame.opcode, opcode::text);
  EXPECT_EQ(string_of(step.frame.payload), "Hel");
  EXPECT_TRUE(decoder.in_fragmented_message());
  input = ByteView(second);
  step = decoder.decode(input);
  ASSERT_EQ(step.kind, Kind::frame);
  EXPECT_TRUE(step.frame.fin);
  EXPECT_EQ(step.frame.opcode, opcode::continuation);
  EXPECT_EQ(string_of(step.frame.payload), "lo");
  EXPECT_FALSE(decoder.in_fragmented_message());
  EXPECT_EQ(decoder.bytes_consumed(), 9u);
}

TEST(FrameDecoderRfcExamples, UnmaskedPingAndMaskedPong) {
  const auto ping = frames_in(from_server(), hex("89 05 48 65 6c 6c 6f"));
  ASSERT_EQ(ping.size(), 1u);
  EXPECT_EQ(ping[0].opcode, opcode::ping);
  EXPECT_EQ(string_of(ping[0].payload), "Hello");
  const auto pong = frames_in(from_client(), hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"));
  ASSERT_EQ(pong.size(), 1u);
  EXPECT_EQ(pong[0].opcode, opcode::pong);
  EXPECT_EQ(string_of(pong[0].payload), "Hello");
}

TEST(FrameDecoderRfcExamples, BinaryWith16And64BitLengths) {
  const Bytes medium = concat({hex("82 7e 01 00"), Bytes(256, 0xab)});
  auto frames = frames_in(from_server(), medium);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].length_form, LengthForm::medium16);
  EXPECT_EQ(frames[0].header_size, 4u);
  EXPECT_EQ(frames[0].payload, Bytes(256, 0xab));

  const Bytes large = concat({hex("82 7f 00 00 00 00 00 01 00 00"), Bytes(65536, 0xcd)});
  frames = frames_in(from_server(), large);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].length_form, LengthForm::long64);
  EXPECT_EQ(frames[0].header_size, 10u);
  EXPECT_EQ(frames[0].payload_length, 65536u);
  EXPECT_EQ(frames[0].payload, Bytes(65536, 0xcd));
}

// ---- round trips ----

TEST(FrameDecoderRoundTrip, EveryLengthBoundaryMaskedAndUnmasked) {
  for (std::size_t length : {0, 1, 125, 126, 127, 128, 65535, 65536, 70000}) {
    Bytes payload(length);
    for (std::size_t i = 0; i < length; ++i) payload[i] = static_cast<std::uint8_t>('a' + i % 26);
    for (bool masked : {false, true}) {
      for (std::uint8_t op : {opcode::text, opcode::binary}) {
        const FrameSpec spec = make_frame(
            op, payload, masked ? std::optional(MaskKey{1, 0x80, 0xff, 7}) : std::nullopt);
        const auto frames = frames_in(masked ? from_client() : from_server(), encode_frame(spec));
        ASSERT_EQ(frames.size(), 1u) << length;
        EXPECT_EQ(frames[0].opcode, op);
        EXPECT_EQ(frames[0].payload_length, length);
        EXPECT_EQ(frames[0].payload, payload) << length << " masked " << masked;
        EXPECT_EQ(frames[0].header_size, encode_frame_header(spec).size());
        const LengthForm form = length <= 125     ? LengthForm::short7
                                : length <= 65535 ? LengthForm::medium16
                                                  : LengthForm::long64;
        EXPECT_EQ(frames[0].length_form, form) << length;
      }
    }
  }
}

TEST(FrameDecoderRoundTrip, SeveralFramesInOneBufferComeOutOneAtATime) {
  const Bytes stream = concat({encode_frame(make_frame(opcode::ping, view_of("p"))),
                               encode_frame(make_frame(opcode::binary, {})),
                               encode_frame(make_frame(opcode::text, view_of("t")))});
  FrameDecoder decoder(from_server());
  ByteView input(stream);
  EXPECT_EQ(decoder.decode(input).frame.opcode, opcode::ping);
  EXPECT_EQ(input.size(), 5u);
  EXPECT_EQ(decoder.decode(input).frame.opcode, opcode::binary);
  EXPECT_EQ(input.size(), 3u);
  EXPECT_EQ(decoder.decode(input).frame.opcode, opcode::text);
  EXPECT_TRUE(input.empty());
  EXPECT_EQ(decoder.decode(input).kind, Kind::need_more);
}

TEST(FrameDecoderRoundTrip, NonMinimalLengthAcceptedWhenNotRequired) {
  FrameSpec spec = make_frame(opcode::binary, view_of("abc"));
  spec.length_form = LengthForm::long64;
  DecoderOptions options = from_server();
  options.require_minimal_length = false;
  const auto frames = frames_in(options, encode_frame(spec));
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].length_form, LengthForm::long64);
  EXPECT_EQ(frames[0].header_size, 10u);
  EXPECT_EQ(string_of(frames[0].payload), "abc");
}

TEST(FrameDecoderRoundTrip, NegotiatedRsvBitsAreAcceptedAndReported) {
  FrameSpec spec = make_frame(opcode::binary, view_of("z"));
  spec.rsv1 = true;
  DecoderOptions options = from_server();
  options.allowed_rsv_mask = 0x40;
  const auto frames = frames_in(options, encode_frame(spec));
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(frames[0].rsv1);
  EXPECT_FALSE(frames[0].rsv2);
}

TEST(FrameDecoderRoundTrip, ControlFramesInsideAFragmentedMessage) {
  const Bytes stream = concat({
      encode_frame(make_frame(opcode::text, hex("48 e2"), std::nullopt, false)),  // "H" + open €
      encode_frame(make_frame(opcode::ping, view_of("x"))),
      encode_frame(make_frame(opcode::close, encode_close_payload(1000))),
      encode_frame(make_frame(opcode::continuation, hex("82 ac"))),  // closes the €
  });
  const auto frames = frames_in(from_server(), stream);
  ASSERT_EQ(frames.size(), 4u);
  EXPECT_EQ(frames[1].opcode, opcode::ping);
  EXPECT_EQ(frames[2].opcode, opcode::close);
  EXPECT_EQ(frames[3].opcode, opcode::continuation);
}

TEST(FrameDecoderRoundTrip, ValidCloseBodies) {
  for (const Bytes& body : {Bytes{}, encode_close_payload(1000), encode_close_payload(4999, "ok"),
                            encode_close_payload(1011, "\xce\xbb")}) {
    const auto frames = frames_in(from_server(), encode_frame(make_frame(opcode::close, body)));
    ASSERT_EQ(frames.size(), 1u) << to_hex(body);
    EXPECT_EQ(frames[0].payload, body);
  }
}

// ---- one test per rule ----

TEST(FrameDecoderRules, UnmaskedFrameFromAClient) {
  const Violation v = violation_in(from_client(), hex("81 05 48 65 6c 6c 6f"));
  EXPECT_EQ(v.rule, Rule::unmasked_client_frame);
  EXPECT_EQ(v.offset, 1u);
}

TEST(FrameDecoderRules, MaskedFrameFromAServer) {
  const Violation v = violation_in(from_server(), hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
  EXPECT_EQ(v.rule, Rule::masked_server_frame);
  EXPECT_EQ(v.offset, 1u);
}

TEST(FrameDecoderRules, EachRsvBitWithoutANegotiatedExtension) {
  for (std::uint8_t bit : {0x40, 0x20, 0x10}) {
    const Violation v = violation_in(from_server(), Bytes{std::uint8_t(0x81 | bit), 0x00});
    EXPECT_EQ(v.rule, Rule::rsv_bit_without_extension) << int(bit);
    EXPECT_EQ(v.offset, 0u);
  }
}

TEST(FrameDecoderRules, RsvBitOutsideTheNegotiatedMask) {
  DecoderOptions options = from_server();
  options.allowed_rsv_mask = 0x40;
  const Violation v = violation_in(options, hex("e1 00"));  // RSV1 allowed, RSV2 not
  EXPECT_EQ(v.rule, Rule::rsv_bit_without_extension);
}

TEST(FrameDecoderRules, EveryReservedOpcode) {
  for (std::uint8_t op : {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
    const Violation v = violation_in(from_server(), Bytes{std::uint8_t(0x80 | op), 0x00});
    EXPECT_EQ(v.rule, Rule::reserved_opcode) << int(op);
    EXPECT_EQ(v.offset, 0u);
  }
}

TEST(FrameDecoderRules, ControlFrameOver125Bytes) {
  for (std::uint8_t op : {opcode::close, opcode::ping, opcode::pong}) {
    const Bytes stream = encode_frame(make_frame(op, Bytes(126, 0x30)));
    const Violation v = violation_in(from_server(), stream);
    EXPECT_EQ(v.rule, Rule::control_frame_too_long) << int(op);
    EXPECT_EQ(v.offset, 3u);  // the last byte of the 16-bit length
  }
  EXPECT_EQ(frames_in(from_server(), encode_frame(make_frame(opcode::ping, Bytes(125, 1)))).size(),
            1u);
}

TEST(FrameDecoderRules, ControlFrameLengthIsJudgedOnTheValueNotTheForm) {
  FrameSpec spec = make_frame(opcode::ping, view_of("abc"));
  spec.length_form = LengthForm::medium16;
  DecoderOptions lenient = from_server();
  lenient.require_minimal_length = false;
  EXPECT_EQ(frames_in(lenient, encode_frame(spec)).size(), 1u);
  EXPECT_EQ(violation_in(from_server(), encode_frame(spec)).rule, Rule::non_minimal_length);
}

TEST(FrameDecoderRules, FragmentedControlFrame) {
  for (std::uint8_t op : {opcode::close, opcode::ping, opcode::pong}) {
    const Violation v =
        violation_in(from_server(), encode_frame(make_frame(op, {}, std::nullopt, false)));
    EXPECT_EQ(v.rule, Rule::fragmented_control_frame);
    EXPECT_EQ(v.offset, 0u);
  }
}

TEST(FrameDecoderRules, ContinuationWithNoMessageInProgress) {
  const Violation v =
      violation_in(from_server(), encode_frame(make_frame(opcode::continuation, {})));
  EXPECT_EQ(v.rule, Rule::continuation_without_message);
  EXPECT_EQ(v.offset, 0u);
}

TEST(FrameDecoderRules, ContinuationAfterAFinishedMessage) {
  const Bytes stream =
      concat({encode_frame(make_frame(opcode::text, view_of("a"), std::nullopt, false)),
              encode_frame(make_frame(opcode::continuation, view_of("b"))),
              encode_frame(make_frame(opcode::continuation, view_of("c")))});
  const Violation v = violation_in(from_server(), stream);
  EXPECT_EQ(v.rule, Rule::continuation_without_message);
  EXPECT_EQ(v.offset, 6u);
}

TEST(FrameDecoderRules, NewDataFrameInsideAFragmentedMessage) {
  for (std::uint8_t op : {opcode::text, opcode::binary}) {
    const Bytes stream =
        concat({encode_frame(make_frame(opcode::binary, view_of("ab"), std::nullopt, false)),
                encode_frame(make_frame(opcode::ping, {})), encode_frame(make_frame(op, {}))});
    const Violation v = violation_in(from_server(), stream);
    EXPECT_EQ(v.rule, Rule::data_frame_inside_fragmented_message);
    EXPECT_EQ(v.offset, 6u);  // 4-byte fragment, 2-byte ping, then the offending frame
  }
}

TEST(FrameDecoderRules, NonMinimalLengths) {
  Violation v = violation_in(from_server(), hex("82 7e 00 7d"));  // 125 in the 16-bit form
  EXPECT_EQ(v.rule, Rule::non_minimal_length);
  EXPECT_EQ(v.offset, 3u);
  v = violation_in(from_server(), hex("82 7f 00 00 00 00 00 00 ff ff"));  // 65535 in 64 bits
  EXPECT_EQ(v.rule, Rule::non_minimal_length);
  EXPECT_EQ(v.offset, 9u);
  v = violation_in(from_server(), hex("82 7f 00 00 00 00 00 00 00 05"));
  EXPECT_EQ(v.rule, Rule::non_minimal_length);
  // The smallest values of each form are minimal.
  FrameDecoder decoder(from_server());
  EXPECT_TRUE(decode_in_pieces(decoder, hex("82 7e 00 7e")).empty());
  EXPECT_FALSE(decoder.failed());
  decoder = FrameDecoder(from_server());
  EXPECT_TRUE(decode_in_pieces(decoder, hex("82 7f 00 00 00 00 00 01 00 00")).empty());
  EXPECT_FALSE(decoder.failed());
}

TEST(FrameDecoderRules, SixtyFourBitLengthWithTopBitSetFailsAtItsFirstByte) {
  DecoderOptions options = from_server();
  options.max_frame_payload = std::numeric_limits<std::uint64_t>::max();
  options.max_message_size = std::numeric_limits<std::uint64_t>::max();
  const Violation v = violation_in(options, hex("82 7f 80"));
  EXPECT_EQ(v.rule, Rule::length_top_bit_set);
  EXPECT_EQ(v.offset, 2u);
}

TEST(FrameDecoderRules, CloseBodyOfOneByteIsProvedByTheHeader) {
  FrameDecoder decoder(from_server());
  const Bytes header_only = hex("88 01");
  const auto steps = decode_in_pieces(decoder, header_only);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].violation.rule, Rule::close_payload_one_byte);
  EXPECT_EQ(steps[0].violation.offset, 1u);
}

TEST(FrameDecoderRules, InvalidCloseCode) {
  const Violation v = violation_in(
      from_server(), encode_frame(make_frame(opcode::close, encode_close_payload(1005))));
  EXPECT_EQ(v.rule, Rule::invalid_close_code);
  EXPECT_EQ(v.offset, 3u);  // header 2 bytes, then the code's second byte
}

TEST(FrameDecoderRules, InvalidUtf8CloseReason) {
  const Bytes body = encode_close_payload(1000, "ok\xed\xa0\x80");
  const Violation v = violation_in(
      from_client(), encode_frame(make_frame(opcode::close, body, kRfcExampleMaskKey)));
  EXPECT_EQ(v.rule, Rule::invalid_utf8_close_reason);
  EXPECT_EQ(v.offset, 6u + 5u);  // masked header 6 bytes; ED at body byte 4, A0 at 5 proves it
}

TEST(FrameDecoderRules, CloseChecksCanBeTurnedOff) {
  DecoderOptions options = from_server();
  options.check_close_payload = false;
  EXPECT_EQ(frames_in(options, hex("88 01 03")).size(), 1u);
  EXPECT_EQ(frames_in(options, encode_frame(make_frame(opcode::close, encode_close_payload(1005))))
                .size(),
            1u);
}

TEST(FrameDecoderRules, CloseReasonUtf8CheckFollowsCheckUtf8) {
  DecoderOptions options = from_server();
  options.check_utf8 = false;
  const Bytes bad_reason =
      encode_frame(make_frame(opcode::close, encode_close_payload(1000, "\xff")));
  EXPECT_EQ(frames_in(options, bad_reason).size(), 1u);
  const Bytes bad_code = encode_frame(make_frame(opcode::close, encode_close_payload(999, "\xff")));
  EXPECT_EQ(violation_in(options, bad_code).rule, Rule::invalid_close_code);
}

// ---- UTF-8 in text messages ----

TEST(FrameDecoderUtf8, InvalidTextFailsBeforeTheFrameIsComplete) {
  // Declares 100 bytes; the 4th payload byte (C0) already proves the message invalid.
  const Bytes partial = concat({hex("81 64"), bytes_of("abc"), hex("c0")});
  FrameDecoder decoder(from_server());
  const auto steps = decode_in_pieces(decoder, partial);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].violation.rule, Rule::invalid_utf8_text);
  EXPECT_EQ(steps[0].violation.offset, 5u);
  EXPECT_EQ(decoder.bytes_consumed(), 6u);
}

TEST(FrameDecoderUtf8, InvalidMaskedTextFailsAtTheUnmaskedByte) {
  const Bytes frame =
      encode_frame(make_frame(opcode::text, hex("61 62 f4 90 80 80 63"), MaskKey{9, 9, 9, 9}));
  const Violation v = violation_in(from_client(), frame);
  EXPECT_EQ(v.rule, Rule::invalid_utf8_text);
  EXPECT_EQ(v.offset, 6u + 3u);  // F4 at payload byte 2 is fine; 90 at byte 3 proves it
}

TEST(FrameDecoderUtf8, CharacterSplitAcrossFragmentsIsValid) {
  const Bytes stream =
      concat({encode_frame(make_frame(opcode::text, hex("c3"), std::nullopt, false)),
              encode_frame(make_frame(opcode::continuation, hex("a9"), std::nullopt, false)),
              encode_frame(make_frame(opcode::continuation, hex("e2 82")))});
  // The message ends inside the euro sign: only the final frame proves it.
  const auto steps = decode_all(from_server(), stream);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].kind, Kind::frame);
  EXPECT_EQ(steps[1].kind, Kind::frame);
  EXPECT_EQ(steps[2].violation.rule, Rule::invalid_utf8_text);
  EXPECT_EQ(steps[2].violation.offset, stream.size() - 1);
}

TEST(FrameDecoderUtf8, InvalidSequenceAcrossFragmentsFailsAtTheProvingByte) {
  const Bytes stream =
      concat({encode_frame(make_frame(opcode::text, hex("e2 82"), std::nullopt, false)),
              encode_frame(make_frame(opcode::continuation, hex("28 29")))});
  const Violation v = violation_in(from_server(), stream);
  EXPECT_EQ(v.rule, Rule::invalid_utf8_text);
  EXPECT_EQ(v.offset, 4u + 2u);  // first frame 4 bytes, continuation header 2
}

TEST(FrameDecoderUtf8, MessageEndingInsideACharacter) {
  Violation v = violation_in(from_server(), encode_frame(make_frame(opcode::text, hex("41 c3"))));
  EXPECT_EQ(v.rule, Rule::invalid_utf8_text);
  EXPECT_EQ(v.offset, 3u);
  // An empty final fragment closes a message whose character is still open.
  const Bytes stream =
      concat({encode_frame(make_frame(opcode::text, hex("f0 9f"), std::nullopt, false)),
              encode_frame(make_frame(opcode::continuation, {}))});
  v = violation_in(from_server(), stream);
  EXPECT_EQ(v.rule, Rule::invalid_utf8_text);
  EXPECT_EQ(v.offset, stream.size() - 1);
}

TEST(FrameDecoderUtf8, BinaryIsNotValidatedAndTextCheckCanBeTurnedOff) {
  EXPECT_EQ(frames_in(from_server(), encode_frame(make_frame(opcode::binary, hex("ff c0")))).size(),
            1u);
  DecoderOptions options = from_server();
  options.check_utf8 = false;
  EXPECT_EQ(frames_in(options, encode_frame(make_frame(opcode::text, hex("ff c0")))).size(), 1u);
}

TEST(FrameDecoderUtf8, NewMessageStartingWithAContinuationByte) {
  // A binary message in between is not validated, so its open E2 must not carry over.
  const Bytes stream = concat({encode_frame(make_frame(opcode::text, hex("c3 a9"))),
                               encode_frame(make_frame(opcode::binary, hex("e2"))),
                               encode_frame(make_frame(opcode::text, hex("82 ac")))});
  const Violation v = violation_in(from_server(), stream);
  EXPECT_EQ(v.rule, Rule::invalid_utf8_text);
  EXPECT_EQ(v.offset, 4u + 3u + 2u);  // 82 opens nothing in the third message
}

// ---- size limits ----

TEST(FrameDecoderLimits, FrameOverTheLimitFailsOnItsHeader) {
  DecoderOptions options = from_server();
  options.max_frame_payload = 100;
  const Violation v = violation_in(options, hex("82 65"));  // declares 101
  EXPECT_EQ(v.rule, Rule::message_too_big);
  EXPECT_EQ(v.offset, 1u);
  EXPECT_EQ(frames_in(options, encode_frame(make_frame(opcode::binary, Bytes(100, 0)))).size(), 1u);
}

TEST(FrameDecoderLimits, MessageOverTheLimitFailsOnTheFragmentThatExceedsIt) {
  DecoderOptions options = from_server();
  options.max_message_size = 10;
  const Bytes stream =
      concat({encode_frame(make_frame(opcode::binary, Bytes(6, 1), std::nullopt, false)),
              encode_frame(make_frame(opcode::continuation, Bytes(4, 2), std::nullopt, false)),
              encode_frame(make_frame(opcode::continuation, Bytes(1, 3)))});
  const auto steps = decode_all(options, stream);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[2].violation.rule, Rule::message_too_big);
  EXPECT_EQ(steps[2].violation.offset, 8u + 6u + 1u);
  // A single unfragmented message is held to the same limit; a new message starts from zero.
  EXPECT_EQ(violation_in(options, encode_frame(make_frame(opcode::text, Bytes(11, 'a')))).rule,
            Rule::message_too_big);
  const Bytes two = concat({encode_frame(make_frame(opcode::binary, Bytes(10, 1))),
                            encode_frame(make_frame(opcode::binary, Bytes(10, 1)))});
  EXPECT_EQ(frames_in(options, two).size(), 2u);
}

TEST(FrameDecoderLimits, DeclaredTwoToThe62FailsImmediatelyWithoutAllocating) {
  FrameSpec spec = make_frame(opcode::binary, {}, kRfcExampleMaskKey);
  spec.declared_length = 1ull << 62;
  const Bytes header = encode_frame_header(spec);
  ASSERT_EQ(header.size(), 14u);
  FrameDecoder decoder(from_client());
  g_largest_allocation = 0;
  const auto steps = decode_in_pieces(decoder, header);
  const std::size_t largest = g_largest_allocation;
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].violation.rule, Rule::message_too_big);
  EXPECT_EQ(steps[0].violation.offset, 9u);  // the last length byte
  EXPECT_EQ(decoder.bytes_consumed(), 10u);
  EXPECT_LT(largest, 4096u);
}

// Declares `declared` bytes, delivers `arrived` of them in 4 KiB pieces, and returns the largest
// single allocation made while decoding.
std::size_t largest_allocation_decoding(std::uint64_t declared, std::size_t arrived) {
  DecoderOptions options = from_client();
  options.max_frame_payload = std::numeric_limits<std::uint64_t>::max();
  options.max_message_size = std::numeric_limits<std::uint64_t>::max();
  FrameSpec spec = make_frame(opcode::binary, {}, kRfcExampleMaskKey);
  spec.declared_length = declared;
  const Bytes stream = concat({encode_frame_header(spec), Bytes(arrived, 0x55)});
  FrameDecoder decoder(options);
  g_largest_allocation = 0;
  const auto steps = decode_in_pieces(decoder, stream, 4096);
  const std::size_t largest = g_largest_allocation;
  EXPECT_EQ(steps.size(), declared == arrived ? 1u : 0u);  // a frame only once all arrived
  EXPECT_FALSE(decoder.failed());
  EXPECT_EQ(decoder.bytes_consumed(), stream.size());
  return largest;
}

TEST(FrameDecoderLimits, PayloadBufferGrowsWithArrivalNotWithTheDeclaredLength) {
  // Within the first reservation (at most 64 KiB, whatever is declared).
  EXPECT_LE(largest_allocation_decoding(1ull << 62, 1000), 64u * 1024u);
  // Past it: the buffer at most doubles what has arrived, however much more is declared.
  EXPECT_LE(largest_allocation_decoding(1ull << 62, 200 * 1024), 2u * 200 * 1024);
  EXPECT_LE(largest_allocation_decoding(16u << 20, 200 * 1024), 2u * 200 * 1024);
}

TEST(FrameDecoderLimits, PayloadBufferNeverExceedsTheDeclaredLength) {
  // 100 KiB declared and delivered: growth by doubling from 64 KiB stops at the declared size.
  EXPECT_EQ(largest_allocation_decoding(100 * 1024, 100 * 1024), 100u * 1024u);
}

// ---- failure state, reset ----

TEST(FrameDecoderState, ViolationIsStickyAndConsumesNothingMore) {
  FrameDecoder decoder(from_server());
  const Bytes stream = hex("83 00 81 00");
  ByteView input(stream);
  const DecodeStep first = decoder.decode(input);
  ASSERT_EQ(first.kind, Kind::violation);
  EXPECT_TRUE(decoder.failed());
  EXPECT_EQ(input.size(), 3u);
  const DecodeStep again = decoder.decode(input);
  EXPECT_EQ(again.kind, Kind::violation);
  EXPECT_EQ(again.violation.rule, first.violation.rule);
  EXPECT_EQ(again.violation.offset, first.violation.offset);
  EXPECT_EQ(input.size(), 3u);
}

TEST(FrameDecoderState, ResetStartsAFreshStreamWithTheSameOptions) {
  DecoderOptions options = from_client();
  options.max_frame_payload = 50;
  FrameDecoder decoder(options);
  const Bytes bad = hex("01 00");  // opens a message, then fails: a client frame with MASK clear
  decode_in_pieces(decoder, bad);
  ASSERT_TRUE(decoder.failed());
  decoder.reset();
  EXPECT_FALSE(decoder.failed());
  EXPECT_FALSE(decoder.in_fragmented_message());
  EXPECT_EQ(decoder.bytes_consumed(), 0u);
  EXPECT_EQ(decoder.options().max_frame_payload, 50u);
  const auto steps = decode_in_pieces(
      decoder, encode_frame(make_frame(opcode::text, view_of("hi"), kRfcExampleMaskKey)));
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(string_of(steps[0].frame.payload), "hi");
}

// ---- byte-at-a-time equals all-at-once ----

namespace {

Bytes random_payload(std::mt19937_64& rng, std::size_t size, bool text) {
  static const char* const kPieces[] = {
      "a", "Z", " ", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
  Bytes out;
  while (out.size() < size) {
    if (text) {
      const std::string_view piece = kPieces[rng() % std::size(kPieces)];
      out.insert(out.end(), piece.begin(), piece.end());
    } else {
      out.push_back(static_cast<std::uint8_t>(rng()));
    }
  }
  if (!text) out.resize(size);
  return out;
}

// A random frame: mostly well-formed, sometimes with one thing wrong, so that streams exercise
// both frames and every kind of violation at many positions.
FrameSpec random_frame(std::mt19937_64& rng, bool masked) {
  static const std::size_t kSizes[] = {0, 1, 2, 5, 125, 126, 127, 300, 65535, 65536};
  static const std::uint8_t kOpcodes[] = {opcode::text, opcode::binary, opcode::continuation,
                                          opcode::ping, opcode::pong,   opcode::close};
  const std::uint8_t op = kOpcodes[rng() % std::size(kOpcodes)];
  std::size_t size = kSizes[rng() % (is_control_opcode(op) ? 5 : std::size(kSizes))];
  Bytes payload = random_payload(rng, size, op != opcode::binary);
  if (op == opcode::close) payload = encode_close_payload(1000, "bye");
  std::optional<MaskKey> key;
  if (masked) key = MaskKey{std::uint8_t(rng()), std::uint8_t(rng()), std::uint8_t(rng()), 0x5a};
  FrameSpec spec = make_frame(op, payload, key, is_control_opcode(op) || rng() % 3 != 0);
  switch (rng() % 24) {
    case 0:
      spec.rsv1 = true;
      break;
    case 1:
      spec.opcode = static_cast<std::uint8_t>(0x3 + rng() % 5);
      break;
    case 2:
      spec.mask = spec.mask ? std::nullopt : std::optional(MaskKey{1, 2, 3, 4});
      break;
    case 3:
      spec.length_form = LengthForm::long64;
      break;
    case 4:
      spec.payload.push_back(0xff);
      break;  // invalid UTF-8 when text
    case 5:
      spec.fin = !spec.fin;
      break;
    case 6:
      spec.payload = encode_close_payload(1005);
      spec.opcode = opcode::close;
      break;
    default:
      break;
  }
  return spec;
}

}  // namespace

TEST(FrameDecoderPieces, ByteAtATimeAndRandomPiecesEqualAllAtOnce) {
  std::mt19937_64 rng(20111211);  // RFC 6455's publication date
  int violations = 0;
  int frames = 0;
  for (int round = 0; round < 120; ++round) {
    const bool from_client_side = rng() % 2 == 0;
    Bytes stream;
    const int count = 1 + int(rng() % 8);
    for (int k = 0; k < count; ++k) encode_frame_into(random_frame(rng, from_client_side), stream);
    const DecoderOptions options = from_client_side ? from_client() : from_server();

    FrameDecoder whole_decoder(options);
    const auto whole = describe_all(decode_in_pieces(whole_decoder, stream));
    FrameDecoder byte_decoder(options);
    const auto bytewise = describe_all(decode_in_pieces(byte_decoder, stream, 1));
    FrameDecoder random_decoder(options);
    const auto pieces = describe_all(decode_in_pieces(random_decoder, stream, 1 + rng() % 700));

    ASSERT_EQ(whole, bytewise) << "round " << round;
    ASSERT_EQ(whole, pieces) << "round " << round;
    EXPECT_EQ(whole_decoder.bytes_consumed(), byte_decoder.bytes_consumed()) << round;
    EXPECT_EQ(whole_decoder.bytes_consumed(), random_decoder.bytes_consumed()) << round;
    EXPECT_EQ(whole_decoder.failed(), byte_decoder.failed()) << round;
    if (whole_decoder.failed()) {
      ++violations;
    } else {
      EXPECT_EQ(whole_decoder.bytes_consumed(), stream.size()) << round;
    }
    frames += int(std::count_if(whole.begin(), whole.end(),
                                [](const std::string& s) { return s.rfind("frame", 0) == 0; }));
  }
  // The generator must actually produce both outcomes for the comparison to mean anything.
  EXPECT_GT(violations, 20);
  EXPECT_GT(frames, 100);
}

TEST(FrameDecoderPieces, ValidMessagesRoundTripInAnyPieces) {
  std::mt19937_64 rng(6455);
  for (int round = 0; round < 60; ++round) {
    std::vector<FrameSpec> specs;
    Bytes stream;
    // A message of 1-4 fragments with pings between them.
    const bool text = rng() % 2 == 0;
    const Bytes message = random_payload(rng, rng() % 2000, text);
    const std::size_t fragments = 1 + rng() % 4;
    std::size_t at = 0;
    for (std::size_t k = 0; k < fragments; ++k) {
      const std::size_t end = k + 1 == fragments ? message.size() : at + (message.size() - at) / 2;
      const std::uint8_t op =
          k == 0 ? (text ? opcode::text : opcode::binary) : opcode::continuation;
      specs.push_back(make_frame(op, ByteView(message).subspan(at, end - at), MaskKey{1, 2, 3, 4},
                                 k + 1 == fragments));
      specs.push_back(make_frame(opcode::ping, view_of("p"), MaskKey{5, 6, 7, 8}));
      at = end;
    }
    for (const FrameSpec& spec : specs) encode_frame_into(spec, stream);
    const auto steps = decode_all(from_client(), stream, 1 + rng() % 50);
    ASSERT_EQ(steps.size(), specs.size()) << round;
    Bytes reassembled;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      ASSERT_EQ(steps[i].kind, Kind::frame) << describe(steps[i]);
      EXPECT_EQ(steps[i].frame.opcode, specs[i].opcode);
      EXPECT_EQ(steps[i].frame.fin, specs[i].fin);
      EXPECT_EQ(steps[i].frame.payload, specs[i].payload);
      if (!is_control_opcode(specs[i].opcode)) {
        reassembled.insert(reassembled.end(), steps[i].frame.payload.begin(),
                           steps[i].frame.payload.end());
      }
    }
    EXPECT_EQ(reassembled, message);
  }
}

// ---- relaxations: each switch turns exactly one rule off (for deliberately broken servers) ----

namespace {

DecoderOptions relaxed(void (*relax)(DecoderOptions&)) {
  DecoderOptions options = from_client();
  relax(options);
  return options;
}

Bytes client_frame(std::uint8_t op, std::string_view payload, bool fin = true) {
  return encode_frame(make_frame(op, view_of(payload), MaskKey{1, 2, 3, 4}, fin));
}

}  // namespace

TEST(FrameDecoderRelaxations, MaskingOffAcceptsUnmaskedClientAndMaskedServerFrames) {
  const Bytes unmasked = hex("81 05 48 65 6c 6c 6f");
  EXPECT_EQ(violation_in(from_client(), unmasked).rule, Rule::unmasked_client_frame);
  const auto frames =
      frames_in(relaxed([](DecoderOptions& o) { o.enforce_masking = false; }), unmasked);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(string_of(frames[0].payload), "Hello");
  DecoderOptions server = from_server();
  server.enforce_masking = false;
  const auto masked = frames_in(server, hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
  ASSERT_EQ(masked.size(), 1u);
  EXPECT_EQ(string_of(masked[0].payload), "Hello");
}

TEST(FrameDecoderRelaxations, ReservedOpcodesOffDecodeOutsideTheOpenMessage) {
  const DecoderOptions options =
      relaxed([](DecoderOptions& o) { o.enforce_reserved_opcodes = false; });
  // A reserved data opcode between two fragments neither ends nor interrupts the message.
  const Bytes stream = concat({client_frame(opcode::text, "He", false), client_frame(0x4, "x"),
                               client_frame(opcode::continuation, "llo")});
  EXPECT_EQ(violation_in(from_client(), stream).rule, Rule::reserved_opcode);
  const auto frames = frames_in(options, stream);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[1].opcode, 0x4);
  EXPECT_EQ(string_of(frames[1].payload), "x");
  EXPECT_EQ(frames[2].opcode, opcode::continuation);
  // Reserved control opcodes still follow the control-frame rules.
  EXPECT_EQ(violation_in(options, client_frame(0xB, "x", false)).rule,
            Rule::fragmented_control_frame);
  EXPECT_EQ(violation_in(options, client_frame(0xC, std::string(126, 'x'))).rule,
            Rule::control_frame_too_long);
}

TEST(FrameDecoderRelaxations, ControlLengthOffDecodesLongControlFramesOnly) {
  const DecoderOptions options =
      relaxed([](DecoderOptions& o) { o.enforce_control_length = false; });
  const auto frames = frames_in(options, client_frame(opcode::ping, std::string(1000, 'p')));
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].payload.size(), 1000u);
  EXPECT_EQ(violation_in(options, client_frame(opcode::ping, "p", false)).rule,
            Rule::fragmented_control_frame);
}

TEST(FrameDecoderRelaxations, ControlFinOffDecodesFragmentedControlFramesAsTheyAre) {
  const DecoderOptions options = relaxed([](DecoderOptions& o) { o.enforce_control_fin = false; });
  const Bytes stream =
      concat({client_frame(opcode::text, "a", false), client_frame(opcode::ping, "p", false),
              client_frame(opcode::continuation, "b")});
  EXPECT_EQ(violation_in(from_client(), stream).rule, Rule::fragmented_control_frame);
  const auto frames = frames_in(options, stream);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_FALSE(frames[1].fin);
  EXPECT_EQ(frames[1].opcode, opcode::ping);
  EXPECT_EQ(violation_in(options, client_frame(opcode::ping, std::string(126, 'p'))).rule,
            Rule::control_frame_too_long);
}

TEST(FrameDecoderRelaxations, ContinuationRulesOffDecodeOrphansAndRestartMessages) {
  const DecoderOptions options =
      relaxed([](DecoderOptions& o) { o.enforce_continuation_rules = false; });
  const Bytes orphan = client_frame(opcode::continuation, "orphan");
  EXPECT_EQ(violation_in(from_client(), orphan).rule, Rule::continuation_without_message);
  ASSERT_EQ(frames_in(options, orphan).size(), 1u);
  // A text frame that ends inside a character, then a new complete text message: the new one is
  // validated on its own, and the continuation after it has no message to continue.
  const Bytes restarted =
      concat({client_frame(opcode::text, "\xce", false), client_frame(opcode::text, "new"),
              client_frame(opcode::continuation, "x")});
  EXPECT_EQ(violation_in(from_client(), restarted).rule,
            Rule::data_frame_inside_fragmented_message);
  FrameDecoder decoder(options);
  const auto steps = decode_in_pieces(decoder, restarted);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(string_of(steps[1].frame.payload), "new");
  EXPECT_EQ(steps[2].kind, Kind::frame);
  EXPECT_FALSE(decoder.in_fragmented_message());
}

TEST(FrameDecoderRelaxations, LengthTopBitOffMasksTheBitAndStillLimits) {
  const DecoderOptions options =
      relaxed([](DecoderOptions& o) { o.enforce_length_top_bit = false; });
  FrameSpec spec = make_frame(opcode::binary, view_of("Hello"), MaskKey{1, 2, 3, 4});
  spec.length_form = LengthForm::long64;
  spec.declared_length = (std::uint64_t{1} << 63) + 5;
  const Bytes stream = concat({encode_frame(spec), client_frame(opcode::text, "next")});
  EXPECT_EQ(violation_in(from_client(), stream).rule, Rule::length_top_bit_set);
  // Minimality is judged on the raw value (2^63 + 5 needs 64 bits), the length on the rest.
  const auto frames = frames_in(options, stream);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].payload_length, 5u);
  EXPECT_EQ(string_of(frames[0].payload), "Hello");
  EXPECT_EQ(string_of(frames[1].payload), "next");
  spec.declared_length = (std::uint64_t{1} << 63) + (std::uint64_t{1} << 40);
  EXPECT_EQ(violation_in(options, encode_frame(spec)).rule, Rule::message_too_big);
}
