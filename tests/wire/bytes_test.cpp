#include "wire/bytes.hpp"

#include <gtest/gtest.h>

using namespace wsconform::wire;

TEST(Hex, RoundTripsSpacedAndPlain) {
  const Bytes bytes{0x81, 0x05, 0x48, 0xff};
  EXPECT_EQ(to_hex(bytes), "810548ff");
  EXPECT_EQ(to_hex(bytes, true), "81 05 48 ff");
  EXPECT_EQ(from_hex("81 05 48 FF"), bytes);
  EXPECT_EQ(from_hex("81:05\n48ff"), bytes);
}

TEST(Hex, RejectsOddDigitsBadCharactersAndSplitBytes) {
  EXPECT_FALSE(from_hex("810").has_value());
  EXPECT_FALSE(from_hex("8g").has_value());
  EXPECT_FALSE(from_hex("8 1").has_value());
  EXPECT_EQ(from_hex(""), Bytes{});
}
