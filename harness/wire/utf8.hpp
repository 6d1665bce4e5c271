// Incremental UTF-8 validation (RFC 3629, as RFC 6455 §8.1 requires): a character may be split
// across frames; invalidity is reported as soon as the bytes prove it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "wire/bytes.hpp"

namespace wsconform::wire {

class Utf8Validator {
 public:
  enum class State : std::uint8_t {
    complete,    // valid, and no character is left open
    incomplete,  // valid so far, but a character is still open
    invalid,     // proved invalid; sticky until reset()
  };

  State feed(ByteView bytes);
  State state() const { return state_; }
  // Offset (from the first byte ever fed) of the byte that proved invalidity.
  std::size_t invalid_offset() const { return invalid_offset_; }
  std::size_t bytes_seen() const { return seen_; }
  void reset();

 private:
  State state_ = State::complete;
  std::uint32_t dfa_state_ = 0;
  std::size_t seen_ = 0;
  std::size_t invalid_offset_ = 0;
};

bool is_valid_utf8(ByteView bytes);

}  // namespace wsconform::wire
