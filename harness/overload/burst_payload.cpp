#include "overload/burst_payload.hpp"

namespace wsconform::overload {

std::uint8_t payload_byte(std::uint32_t sequence, std::size_t position) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (position < kMinMessageSize) {
    const unsigned shift = static_cast<unsigned>(4 * (kMinMessageSize - 1 - position));
    return static_cast<std::uint8_t>(kHex[(sequence >> shift) & 0xF]);
  }
  const std::uint64_t mix = static_cast<std::uint64_t>(sequence) * 7 + position;
  return static_cast<std::uint8_t>('a' + mix % 26);
}

void fill_payload(std::uint32_t sequence, std::span<std::uint8_t> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = payload_byte(sequence, i);
}

bool payload_matches(std::uint32_t sequence, std::size_t offset,
                     std::span<const std::uint8_t> piece) {
  for (std::size_t i = 0; i < piece.size(); ++i) {
    if (piece[i] != payload_byte(sequence, offset + i)) return false;
  }
  return true;
}

}  // namespace wsconform::overload
