// The frame encoder: RFC 6455 §5.7 examples, every header bit, every length form (minimal or
// not), declared lengths unlike the payload, masking with and without applying it, truncation.
#include "wire/frame.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/wire_literals.hpp"

using namespace wsconform::wire;

namespace {

using wsconform::testing::kRfcExampleMaskKey;

std::string encoded_hex(const FrameSpec& spec) {
  return to_hex(encode_frame(spec), true);
}

Bytes filled(std::size_t size, std::uint8_t value = 0x61) {
  return Bytes(size, value);
}

}  // namespace

// ---- RFC 6455 §5.7 examples ----

TEST(FrameEncoderRfcExamples, SingleFrameUnmaskedText) {
  EXPECT_EQ(encoded_hex(make_frame(opcode::text, view_of("Hello"))), "81 05 48 65 6c 6c 6f");
}

TEST(FrameEncoderRfcExamples, SingleFrameMaskedText) {
  EXPECT_EQ(encoded_hex(make_frame(opcode::text, view_of("Hello"), kRfcExampleMaskKey)),
            "81 85 37 fa 21 3d 7f 9f 4d 51 58");
}

TEST(FrameEncoderRfcExamples, FragmentedUnmaskedText) {
  EXPECT_EQ(encoded_hex(make_frame(opcode::text, view_of("Hel"), std::nullopt, false)),
            "01 03 48 65 6c");
  EXPECT_EQ(encoded_hex(make_frame(opcode::continuation, view_of("lo"))), "80 02 6c 6f");
}

TEST(FrameEncoderRfcExamples, UnmaskedPingAndMaskedPong) {
  EXPECT_EQ(encoded_hex(make_frame(opcode::ping, view_of("Hello"))), "89 05 48 65 6c 6c 6f");
  EXPECT_EQ(encoded_hex(make_frame(opcode::pong, view_of("Hello"), kRfcExampleMaskKey)),
            "8a 85 37 fa 21 3d 7f 9f 4d 51 58");
}

TEST(FrameEncoderRfcExamples, BinaryOf256BytesUses16BitLength) {
  const Bytes frame = encode_frame(make_frame(opcode::binary, filled(256)));
  ASSERT_EQ(frame.size(), 4u + 256u);
  EXPECT_EQ(to_hex(ByteView(frame).first(4)), "827e0100");
}

TEST(FrameEncoderRfcExamples, BinaryOf64KiBUses64BitLength) {
  const Bytes frame = encode_frame(make_frame(opcode::binary, filled(65536)));
  ASSERT_EQ(frame.size(), 10u + 65536u);
  EXPECT_EQ(to_hex(ByteView(frame).first(10)), "827f0000000000010000");
}

// ---- first byte: FIN, RSV1-3, opcode ----

TEST(FrameEncoderBits, EachFlagSetsExactlyItsBit) {
  FrameSpec spec = make_frame(opcode::text, {});
  spec.fin = false;
  EXPECT_EQ(encode_frame(spec)[0], 0x01);
  spec.rsv1 = true;
  EXPECT_EQ(encode_frame(spec)[0], 0x41);
  spec.rsv1 = false;
  spec.rsv2 = true;
  EXPECT_EQ(encode_frame(spec)[0], 0x21);
  spec.rsv2 = false;
  spec.rsv3 = true;
  EXPECT_EQ(encode_frame(spec)[0], 0x11);
  spec.fin = true;
  spec.rsv1 = spec.rsv2 = true;
  EXPECT_EQ(encode_frame(spec)[0], 0xf1);
}

TEST(FrameEncoderBits, EveryOpcodeIsWrittenIncludingReservedOnes) {
  for (std::uint8_t op = 0; op < 16; ++op) {
    const Bytes frame = encode_frame(make_frame(op, {}));
    EXPECT_EQ(frame[0], 0x80 | op) << "opcode " << int(op);
  }
}

TEST(FrameEncoderBits, OnlyTheLowFourOpcodeBitsAreWritten) {
  FrameSpec spec = make_frame(0x1A, {});  // the high nibble must not leak into FIN/RSV
  spec.fin = false;
  EXPECT_EQ(encode_frame(spec)[0], 0x0A);
}

// ---- lengths ----

struct LengthCase {
  std::size_t length;
  std::string header;  // without the first byte
};

TEST(FrameEncoderLength, MinimalFormAtEveryBoundary) {
  const LengthCase cases[] = {
      {0, "00"},
      {125, "7d"},
      {126, "7e007e"},
      {127, "7e007f"},
      {128, "7e0080"},
      {65535, "7effff"},
      {65536, "7f0000000000010000"},
  };
  for (const auto& [length, header] : cases) {
    const Bytes frame = encode_frame(make_frame(opcode::binary, filled(length)));
    const std::size_t header_size = 1 + header.size() / 2;
    ASSERT_EQ(frame.size(), header_size + length) << length;
    EXPECT_EQ(to_hex(ByteView(frame).subspan(1, header_size - 1)), header) << length;
    EXPECT_EQ(encode_frame_header(make_frame(opcode::binary, filled(length))).size(), header_size);
  }
}

TEST(FrameEncoderLength, NonMinimalFormsAreWrittenAsAsked) {
  FrameSpec spec = make_frame(opcode::binary, view_of("abcde"));
  spec.length_form = LengthForm::medium16;
  EXPECT_EQ(encoded_hex(spec), "82 7e 00 05 61 62 63 64 65");
  spec.length_form = LengthForm::long64;
  EXPECT_EQ(encoded_hex(spec), "82 7f 00 00 00 00 00 00 00 05 61 62 63 64 65");
  spec.length_form = LengthForm::short7;
  EXPECT_EQ(encoded_hex(spec), "82 05 61 62 63 64 65");
}

TEST(FrameEncoderLength, Short7WritesMarkersWithNoExtendedLengthBehind) {
  FrameSpec spec = make_frame(opcode::binary, {});
  spec.length_form = LengthForm::short7;
  spec.declared_length = 126;
  EXPECT_EQ(encoded_hex(spec), "82 7e");
  spec.declared_length = 127;
  EXPECT_EQ(encoded_hex(spec), "82 7f");
  spec.declared_length = 300;  // 300 = 0x12c: only the low 7 bits (0x2c) fit
  EXPECT_EQ(encoded_hex(spec), "82 2c");
}

TEST(FrameEncoderLength, Medium16KeepsTheLow16BitsOfALargerLength) {
  FrameSpec spec = make_frame(opcode::binary, {});
  spec.length_form = LengthForm::medium16;
  spec.declared_length = 0x12345;
  EXPECT_EQ(encoded_hex(spec), "82 7e 23 45");
}

TEST(FrameEncoderLength, DeclaredLengthDiffersFromPayload) {
  FrameSpec spec = make_frame(opcode::text, view_of("abc"));
  spec.declared_length = 10;
  EXPECT_EQ(encoded_hex(spec), "81 0a 61 62 63");
  spec.declared_length = 0;
  EXPECT_EQ(encoded_hex(spec), "81 00 61 62 63");
}

TEST(FrameEncoderLength, HugeDeclaredLengthWithTopBitSet) {
  FrameSpec spec = make_frame(opcode::binary, {});
  spec.declared_length = 0x8000000000000001ull;
  EXPECT_EQ(encoded_hex(spec), "82 7f 80 00 00 00 00 00 00 01");
}

// ---- masking ----

TEST(FrameEncoderMask, KeyWithoutApplyingItLeavesPayloadClear) {
  FrameSpec spec = make_frame(opcode::text, view_of("Hello"), kRfcExampleMaskKey);
  spec.apply_mask = false;
  EXPECT_EQ(encoded_hex(spec), "81 85 37 fa 21 3d 48 65 6c 6c 6f");
}

TEST(FrameEncoderMask, MaskedHeaderIsFourteenBytesAtMost) {
  FrameSpec spec = make_frame(opcode::binary, {}, MaskKey{1, 2, 3, 4});
  spec.declared_length = 1ull << 62;
  const Bytes header = encode_frame_header(spec);
  EXPECT_EQ(to_hex(header, true), "82 ff 40 00 00 00 00 00 00 00 01 02 03 04");
}

TEST(FrameEncoderMask, ApplyMaskMatchesTheRfcFormulaForEveryOffset) {
  const MaskKey key{0x11, 0x22, 0x44, 0x88};
  for (std::size_t size = 0; size < 40; ++size) {
    for (std::size_t offset = 0; offset < 8; ++offset) {
      Bytes data(size);
      for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::uint8_t>(i * 7);
      Bytes expected = data;
      // §5.3: j = i MOD 4; transformed-octet-i = original-octet-i XOR masking-key-octet-j.
      for (std::size_t i = 0; i < size; ++i) expected[i] ^= key[(i + offset) % 4];
      apply_mask(data, key, offset);
      ASSERT_EQ(data, expected) << "size " << size << " offset " << offset;
    }
  }
}

TEST(FrameEncoderMask, MaskingInPiecesEqualsMaskingAtOnceAndTwiceRestores) {
  const Bytes original = bytes_of("a payload long enough to cross several words");
  Bytes whole = original;
  apply_mask(whole, kRfcExampleMaskKey);
  Bytes pieces = original;
  std::span<std::uint8_t> view(pieces);
  apply_mask(view.subspan(0, 5), kRfcExampleMaskKey, 0);
  apply_mask(view.subspan(5, 13), kRfcExampleMaskKey, 5);
  apply_mask(view.subspan(18), kRfcExampleMaskKey, 18);
  EXPECT_EQ(pieces, whole);
  EXPECT_NE(whole, original);
  apply_mask(whole, kRfcExampleMaskKey);
  EXPECT_EQ(whole, original);
}

// ---- truncation, appending, header alone ----

TEST(FrameEncoderTruncate, CutsTheEncodedBytes) {
  FrameSpec spec = make_frame(opcode::text, view_of("Hello"), kRfcExampleMaskKey);
  spec.truncate_at = 7;
  EXPECT_EQ(encoded_hex(spec), "81 85 37 fa 21 3d 7f");
  spec.truncate_at = 0;
  EXPECT_TRUE(encode_frame(spec).empty());
  spec.truncate_at = 1000;  // beyond the end: nothing to cut
  EXPECT_EQ(encoded_hex(spec), "81 85 37 fa 21 3d 7f 9f 4d 51 58");
}

TEST(FrameEncoderTruncate, AppendsAfterExistingBytesAndTruncatesOnlyTheNewFrame) {
  Bytes out = bytes_of("xy");
  encode_frame_into(make_frame(opcode::ping, {}), out);
  FrameSpec cut = make_frame(opcode::text, view_of("Hello"));
  cut.truncate_at = 3;
  encode_frame_into(cut, out);
  EXPECT_EQ(to_hex(out, true), "78 79 89 00 81 05 48");
}

TEST(FrameEncoderHeader, HeaderIsThePrefixOfTheFrame) {
  FrameSpec spec = make_frame(opcode::binary, filled(300), MaskKey{9, 8, 7, 6});
  const Bytes frame = encode_frame(spec);
  const Bytes header = encode_frame_header(spec);
  ASSERT_EQ(header.size(), 8u);
  EXPECT_TRUE(std::equal(header.begin(), header.end(), frame.begin()));
  spec.truncate_at = 3;
  EXPECT_EQ(encode_frame_header(spec).size(), 3u);
}

// ---- helpers ----

TEST(FrameEncoderHelpers, MakeFrameFillsTheSpec) {
  const FrameSpec spec = make_frame(opcode::close, view_of("\x03\xe8"), kRfcExampleMaskKey, false);
  EXPECT_EQ(spec.opcode, opcode::close);
  EXPECT_FALSE(spec.fin);
  EXPECT_EQ(spec.mask, kRfcExampleMaskKey);
  EXPECT_EQ(spec.payload, bytes_of("\x03\xe8"));
  EXPECT_FALSE(spec.declared_length.has_value());
  EXPECT_EQ(spec.length_form, LengthForm::minimal);
}

TEST(FrameEncoderHelpers, OpcodeNames) {
  EXPECT_EQ(opcode_name(opcode::continuation), "continuation");
  EXPECT_EQ(opcode_name(opcode::text), "text");
  EXPECT_EQ(opcode_name(opcode::binary), "binary");
  EXPECT_EQ(opcode_name(opcode::close), "close");
  EXPECT_EQ(opcode_name(opcode::ping), "ping");
  EXPECT_EQ(opcode_name(opcode::pong), "pong");
  EXPECT_EQ(opcode_name(0x3), "reserved-0x3");
  EXPECT_EQ(opcode_name(0xB), "reserved-0xb");
  EXPECT_EQ(opcode_name(0xF), "reserved-0xf");
  EXPECT_EQ(opcode_name(0x10), "invalid-opcode");
}
