// Random piece sizes for incremental parsers, chosen by one input byte so a crash replays exactly:
// the low 3 bits pick the largest piece, the byte seeds a small xorshift generator.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace wsconform::fuzz {

class Pieces {
 public:
  explicit Pieces(std::uint8_t control)
      : max_piece_(kMaxPieces[control & 0x7]), state_(0x9E3779B9u ^ (control * 0x01000193u)) {}

  // The size of the next piece: 1..min(remaining, max piece); 0 only when nothing remains.
  std::size_t next(std::size_t remaining) {
    if (remaining == 0) return 0;
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    const std::size_t size = 1 + state_ % max_piece_;
    return std::min(size, remaining);
  }

 private:
  static constexpr std::array<std::size_t, 8> kMaxPieces = {1, 2, 3, 7, 16, 64, 512, 65536};
  std::size_t max_piece_;
  std::uint32_t state_;
};

}  // namespace wsconform::fuzz
