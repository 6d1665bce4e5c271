#include "report/text/utf8_text.hpp"

#include <gtest/gtest.h>

namespace wsconform::report {
namespace {

TEST(Utf8Text, DecodesEveryLength) {
  EXPECT_EQ(decode_utf8_at("A", 0).code_point, U'A');
  const DecodedChar two = decode_utf8_at("\xC3\xA9", 0);
  EXPECT_TRUE(two.valid);
  EXPECT_EQ(two.code_point, U'\u00E9');
  EXPECT_EQ(two.length, 2u);
  EXPECT_EQ(decode_utf8_at("\xE2\x82\xAC", 0).code_point, U'\u20AC');
  const DecodedChar four = decode_utf8_at("\xF0\x9F\x98\x80", 0);
  EXPECT_TRUE(four.valid);
  EXPECT_EQ(four.code_point, U'\U0001F600');
  EXPECT_EQ(four.length, 4u);
}

TEST(Utf8Text, RejectsOverlongSurrogatesTruncatedAndOutOfRange) {
  for (const std::string_view bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xE2\x82",
                                     "\xF4\x90\x80\x80", "\x80", "\xFF", "\xFE"}) {
    const DecodedChar decoded = decode_utf8_at(bad, 0);
    EXPECT_FALSE(decoded.valid) << bad.size();
    EXPECT_EQ(decoded.length, 1u);
  }
}

TEST(Utf8Text, ReplacesEachInvalidByte) {
  EXPECT_EQ(replace_invalid_utf8("ok"), "ok");
  EXPECT_EQ(replace_invalid_utf8("a\xFF\xFE"
                                 "b"),
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(replace_invalid_utf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(replace_invalid_utf8(std::string_view("\0x", 2)), std::string_view("\0x", 2));
}

TEST(Utf8Text, AppendEncodesLikeDecodeReads) {
  for (const char32_t c : {U'\x7F', U'\u07FF', U'\uFFFD', U'\U0010FFFF'}) {
    std::string out;
    append_utf8(out, c);
    const DecodedChar decoded = decode_utf8_at(out, 0);
    EXPECT_TRUE(decoded.valid);
    EXPECT_EQ(decoded.code_point, c);
    EXPECT_EQ(decoded.length, out.size());
  }
}

TEST(Utf8Text, TruncatesOnACharacterBoundary) {
  EXPECT_EQ(truncate_utf8("short", 10), "short");
  EXPECT_EQ(truncate_utf8("ab\xC3\xA9", 3), "ab\xE2\x80\xA6");
}

}  // namespace
}  // namespace wsconform::report
