#include "overload/burst_payload.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wsconform::overload {
namespace {

std::string message(std::uint32_t sequence, std::size_t size) {
  std::vector<std::uint8_t> bytes(size);
  fill_payload(sequence, bytes);
  return std::string(bytes.begin(), bytes.end());
}

TEST(BurstPayload, StartsWithTheSequenceNumberInHex) {
  EXPECT_EQ(message(0, 8), "00000000");
  EXPECT_EQ(message(0x1234abcd, 8), "1234abcd");
  EXPECT_EQ(message(99999, 12).substr(0, 8), "0001869f");
}

TEST(BurstPayload, IsAsciiAndDiffersBetweenMessages) {
  const std::string first = message(1, 64);
  const std::string second = message(2, 64);
  EXPECT_NE(first.substr(8), second.substr(8));  // the filler depends on the number too
  for (char c : first) EXPECT_TRUE(c >= '0' && c <= 'z') << int(c);
}

TEST(BurstPayload, MatchesPiecesAtTheirOffsets) {
  std::vector<std::uint8_t> bytes(40);
  fill_payload(7, bytes);
  EXPECT_TRUE(payload_matches(7, 0, bytes));
  EXPECT_TRUE(payload_matches(7, 10, std::span<const std::uint8_t>(bytes).subspan(10, 5)));
  EXPECT_FALSE(payload_matches(8, 0, bytes));  // another message
  EXPECT_FALSE(payload_matches(7, 1, std::span<const std::uint8_t>(bytes).subspan(0, 20)));
  bytes[30] ^= 1;
  EXPECT_FALSE(payload_matches(7, 0, bytes));  // altered
  EXPECT_TRUE(payload_matches(7, 0, std::span<const std::uint8_t>(bytes).first(30)));
}

}  // namespace
}  // namespace wsconform::overload
