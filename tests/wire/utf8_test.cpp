// Incremental UTF-8 validation (RFC 3629 via RFC 6455 §8.1): valid classes, overlongs,
// surrogates, code points above U+10FFFF, forbidden bytes, truncation, splits across feeds, and
// the offset of the first byte that proves invalidity.
#include "wire/utf8.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>

#include "support/wire_literals.hpp"

using namespace wsconform::wire;
using State = Utf8Validator::State;

namespace {

using wsconform::testing::hex;

// An independent oracle written from RFC 3629 §4's table rather than as a DFA: the offset of the
// first byte that cannot belong to a well-formed sequence, or nullopt. `open` tells whether the
// input ended inside a character.
struct OracleResult {
  std::optional<std::size_t> invalid_at;
  bool open = false;
};

OracleResult oracle(ByteView bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::uint8_t lead = bytes[i];
    std::size_t length = 0;
    std::uint8_t second_low = 0x80, second_high = 0xBF;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) second_low = 0xA0;
      if (lead == 0xED) second_high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) second_low = 0x90;
      if (lead == 0xF4) second_high = 0x8F;
    } else {
      return {i, false};
    }
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= bytes.size()) return {std::nullopt, true};
      const std::uint8_t b = bytes[i + k];
      const std::uint8_t low = k == 1 ? second_low : 0x80;
      const std::uint8_t high = k == 1 ? second_high : 0xBF;
      if (b < low || b > high) return {i + k, false};
    }
    i += length;
  }
  return {std::nullopt, false};
}

// Feeds `bytes` in one piece and returns the validator.
Utf8Validator fed(ByteView bytes) {
  Utf8Validator validator;
  validator.feed(bytes);
  return validator;
}

void expect_invalid_at(std::string_view hex_text, std::size_t offset) {
  const Bytes bytes = hex(hex_text);
  const Utf8Validator validator = fed(bytes);
  EXPECT_EQ(validator.state(), State::invalid) << hex_text;
  EXPECT_EQ(validator.invalid_offset(), offset) << hex_text;
  EXPECT_FALSE(is_valid_utf8(bytes)) << hex_text;
}

}  // namespace

TEST(Utf8Valid, OneToFourByteSequencesAtTheirBoundaries) {
  const char* valid[] = {
      "",
      "00",
      "41",
      "7f",  // 1 byte
      "c2 80",
      "df bf",  // 2 bytes: U+0080, U+07FF
      "e0 a0 80",
      "ed 9f bf",
      "ee 80 80",
      "ef bf bf",  // 3: U+0800, U+D7FF, U+E000
      "f0 90 80 80",
      "f4 8f bf bf",
      "f3 bf bf bf",                       // 4: U+10000, U+10FFFF
      "ce ba e1 bd b9 cf 83 ce bc ce b5",  // "kosme" in Greek
  };
  for (const char* text : valid) {
    EXPECT_EQ(fed(hex(text)).state(), State::complete) << text;
    EXPECT_TRUE(is_valid_utf8(hex(text))) << text;
  }
}

TEST(Utf8Valid, LongAsciiRunsAroundMultibyteCharacters) {
  std::string text(37, 'a');
  text += "\xe2\x82\xac";  // the euro sign after an odd-length ASCII run
  text += std::string(20, 'b');
  EXPECT_TRUE(is_valid_utf8(view_of(text)));
  text += std::string(9, 'c') + "\xff" + std::string(16, 'd');
  const Utf8Validator validator = fed(view_of(text));
  EXPECT_EQ(validator.state(), State::invalid);
  EXPECT_EQ(validator.invalid_offset(), 37u + 3 + 20 + 9);
}

TEST(Utf8Invalid, OverlongsFailAtTheFirstByteThatProvesThem) {
  expect_invalid_at("c0 80", 0);  // C0 can only start an overlong
  expect_invalid_at("c1 bf", 0);
  expect_invalid_at("e0 80 80", 1);  // E0 needs A0-BF next
  expect_invalid_at("e0 9f bf", 1);
  expect_invalid_at("f0 80 80 80", 1);  // F0 needs 90-BF next
  expect_invalid_at("f0 8f bf bf", 1);
}

TEST(Utf8Invalid, SurrogatesFailAtTheSecondByte) {
  expect_invalid_at("ed a0 80", 1);  // U+D800
  expect_invalid_at("ed bf bf", 1);  // U+DFFF
  expect_invalid_at("41 ed b0 80", 2);
}

TEST(Utf8Invalid, CodePointsAboveU10FFFF) {
  expect_invalid_at("f4 90 80 80", 1);  // U+110000
  expect_invalid_at("f4 bf bf bf", 1);
  expect_invalid_at("f5 80 80 80", 0);  // F5-FF never appear
  expect_invalid_at("f7 bf bf bf", 0);
  expect_invalid_at("f8 88 80 80 80", 0);
  expect_invalid_at("fe", 0);
  expect_invalid_at("ff", 0);
}

TEST(Utf8Invalid, UnexpectedContinuationAndInterruptedSequences) {
  expect_invalid_at("80", 0);
  expect_invalid_at("bf", 0);
  expect_invalid_at("41 80", 1);
  expect_invalid_at("c2 80 80", 2);  // one continuation too many
  expect_invalid_at("c2 c2 80", 1);  // a lead byte where a continuation was due
  expect_invalid_at("e1 80 41", 2);  // ASCII inside a 3-byte character
  expect_invalid_at("f1 80 80 c2", 3);
}

TEST(Utf8Incomplete, TruncatedCharactersAreIncompleteNotInvalid) {
  for (const char* text : {"c2", "e1", "e1 80", "ed 9f", "f0 90", "f0 90 80", "f4 8f bf"}) {
    const Utf8Validator validator = fed(hex(text));
    EXPECT_EQ(validator.state(), State::incomplete) << text;
    EXPECT_FALSE(is_valid_utf8(hex(text))) << text;
  }
}

TEST(Utf8Incremental, EverySplitOfAValidStringCompletes) {
  const Bytes text = hex("41 c2 80 e0 a0 80 f0 90 80 80 ed 9f bf f4 8f bf bf 7a");
  for (std::size_t split = 0; split <= text.size(); ++split) {
    Utf8Validator validator;
    validator.feed(ByteView(text).first(split));
    EXPECT_EQ(validator.feed(ByteView(text).subspan(split)), State::complete) << split;
    EXPECT_EQ(validator.bytes_seen(), text.size());
  }
}

TEST(Utf8Incremental, ByteAtATimeReportsOpenCharacters) {
  const Bytes euro = hex("e2 82 ac");
  Utf8Validator validator;
  EXPECT_EQ(validator.feed(ByteView(euro).first(1)), State::incomplete);
  EXPECT_EQ(validator.feed(ByteView(euro).subspan(1, 1)), State::incomplete);
  EXPECT_EQ(validator.feed(ByteView(euro).subspan(2)), State::complete);
  EXPECT_EQ(validator.feed({}), State::complete);
}

TEST(Utf8Incremental, InvalidOffsetCountsFromTheFirstByteEverFed) {
  Utf8Validator validator;
  validator.feed(view_of("ab"));
  EXPECT_EQ(validator.feed(hex("ed")), State::incomplete);
  EXPECT_EQ(validator.feed(hex("a0 80")), State::invalid);
  EXPECT_EQ(validator.invalid_offset(), 3u);
}

TEST(Utf8Incremental, InvalidIsStickyUntilReset) {
  Utf8Validator validator;
  EXPECT_EQ(validator.feed(hex("c0")), State::invalid);
  EXPECT_EQ(validator.feed(view_of("plain ascii")), State::invalid);
  EXPECT_EQ(validator.invalid_offset(), 0u);
  validator.reset();
  EXPECT_EQ(validator.state(), State::complete);
  EXPECT_EQ(validator.bytes_seen(), 0u);
  EXPECT_EQ(validator.feed(view_of("ok")), State::complete);
}

TEST(Utf8Incremental, ResetForgetsAnOpenCharacter) {
  Utf8Validator validator;
  EXPECT_EQ(validator.feed(hex("e2 82")), State::incomplete);
  validator.reset();
  EXPECT_EQ(validator.feed(hex("ac")), State::invalid);  // a continuation with nothing open
}

// Cross-checks against the oracle over every 1- and 2-byte input, every 3-byte input with a
// 3-byte lead, and 4-byte inputs whose later bytes are taken from each class's edges.
TEST(Utf8Oracle, ExhaustiveShortInputsAgreeWithTheOracle) {
  auto check = [](ByteView bytes) {
    const OracleResult expected = oracle(bytes);
    const Utf8Validator validator = fed(bytes);
    if (expected.invalid_at) {
      ASSERT_EQ(validator.state(), State::invalid) << to_hex(bytes, true);
      ASSERT_EQ(validator.invalid_offset(), *expected.invalid_at) << to_hex(bytes, true);
    } else {
      ASSERT_EQ(validator.state(), expected.open ? State::incomplete : State::complete)
          << to_hex(bytes, true);
    }
  };
  for (int a = 0; a < 256; ++a) {
    check(Bytes{std::uint8_t(a)});
    for (int b = 0; b < 256; ++b) check(Bytes{std::uint8_t(a), std::uint8_t(b)});
  }
  for (int a = 0xE0; a <= 0xEF; ++a) {
    for (int b = 0; b < 256; ++b) {
      for (int c = 0; c < 256; ++c) check(Bytes{std::uint8_t(a), std::uint8_t(b), std::uint8_t(c)});
    }
  }
  const std::uint8_t edges[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
  for (int a = 0xF0; a <= 0xF7; ++a) {
    for (int b = 0; b < 256; ++b) {
      for (std::uint8_t c : edges) {
        for (std::uint8_t d : edges) check(Bytes{std::uint8_t(a), std::uint8_t(b), c, d});
      }
    }
  }
}

TEST(Utf8Oracle, RandomInputsInRandomPiecesAgreeWithTheOracle) {
  std::mt19937_64 rng(6455);
  // Mostly well-formed pieces with occasional random bytes, so both paths are exercised deeply.
  const Bytes pieces[] = {hex("41"),          hex("c3 a9"),    hex("e2 82 ac"),
                          hex("f0 9f 98 80"), hex("ed 9f bf"), hex("7a 7a 7a 7a 7a 7a 7a 7a 7a")};
  for (int round = 0; round < 3000; ++round) {
    Bytes input;
    const int count = int(rng() % 24);
    for (int k = 0; k < count; ++k) {
      if (rng() % 10 == 0) {
        input.push_back(static_cast<std::uint8_t>(rng()));
      } else {
        const Bytes& piece = pieces[rng() % std::size(pieces)];
        input.insert(input.end(), piece.begin(), piece.end());
      }
    }
    const OracleResult expected = oracle(input);
    Utf8Validator validator;
    std::size_t at = 0;
    while (at < input.size()) {
      const std::size_t take = std::min<std::size_t>(1 + rng() % 12, input.size() - at);
      validator.feed(ByteView(input).subspan(at, take));
      at += take;
    }
    if (expected.invalid_at) {
      ASSERT_EQ(validator.state(), State::invalid) << to_hex(input, true);
      ASSERT_EQ(validator.invalid_offset(), *expected.invalid_at) << to_hex(input, true);
    } else {
      ASSERT_EQ(validator.state(), expected.open ? State::incomplete : State::complete)
          << to_hex(input, true);
    }
  }
}
