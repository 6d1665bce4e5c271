// libFuzzer target for Utf8Validator: a differential test against a plain reference decoder.
// Input: [piece control] then the bytes. The validator is fed in random pieces, then all at once
// after reset(); after every feed its verdict and invalid offset must match the reference's.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "fuzz/pieces.hpp"
#include "wire/utf8.hpp"

namespace {

using namespace wsconform;
using wire::ByteView;
using State = wire::Utf8Validator::State;

// The reference: RFC 3629 by code point arithmetic, one byte at a time, written for clarity.
class ReferenceUtf8 {
 public:
  // False when `byte` proves the input invalid: no continuation can make it UTF-8 any more.
  bool step(std::uint8_t byte) {
    if (need_ == 0) return start(byte);
    if ((byte & 0xC0) != 0x80) return false;  // a character is open: only 10xxxxxx may follow
    value_ = (value_ << 6) | (byte & 0x3Fu);
    ++have_;
    if (!can_complete()) return false;
    if (have_ == need_) need_ = 0;
    return true;
  }
  bool open() const { return need_ != 0; }

 private:
  bool start(std::uint8_t byte) {
    if (byte < 0x80) return true;  // ASCII
    if (byte >= 0xC0 && byte < 0xE0) {
      need_ = 2;  // 110xxxxx
      value_ = byte & 0x1Fu;
    } else if (byte >= 0xE0 && byte < 0xF0) {
      need_ = 3;  // 1110xxxx
      value_ = byte & 0x0Fu;
    } else if (byte >= 0xF0 && byte < 0xF8) {
      need_ = 4;  // 11110xxx
      value_ = byte & 0x07u;
    } else {
      return false;  // a continuation byte or F8-FF cannot start a character
    }
    have_ = 1;
    return can_complete();
  }

  // Some completion of the bytes so far is a code point this length may encode: the missing
  // bits span [lowest, highest], which must meet the allowed range.
  bool can_complete() const {
    const int missing = 6 * (need_ - have_);
    const std::uint32_t lowest = value_ << missing;
    const std::uint32_t highest = lowest | ((1u << missing) - 1);
    const auto meets = [&](std::uint32_t lo, std::uint32_t hi) {
      return lowest <= hi && lo <= highest;
    };
    switch (need_) {
      case 2:
        return meets(0x80, 0x7FF);  // below U+0080 would be an overlong
      case 3:
        return meets(0x800, 0xD7FF) || meets(0xE000, 0xFFFF);  // no overlongs, no surrogates
      default:
        return meets(0x10000, 0x10FFFF);  // no overlongs, nothing above U+10FFFF
    }
  }

  int need_ = 0;  // length of the open character, 0 between characters
  int have_ = 0;
  std::uint32_t value_ = 0;
};

// The reference's verdict for every prefix of the input.
struct Reference {
  std::optional<std::size_t> invalid_at;  // the byte that proved invalidity
  std::vector<bool> open_after;           // a character is open after byte i

  explicit Reference(ByteView bytes) {
    ReferenceUtf8 decoder;
    for (std::size_t i = 0; i < bytes.size() && !invalid_at; ++i) {
      if (!decoder.step(bytes[i])) invalid_at = i;
      open_after.push_back(decoder.open());
    }
  }

  State state_after(std::size_t prefix) const {
    if (invalid_at && *invalid_at < prefix) return State::invalid;
    if (prefix == 0) return State::complete;
    return open_after[prefix - 1] ? State::incomplete : State::complete;
  }
};

void check_against(const Reference& reference, const wire::Utf8Validator& validator, State returned,
                   std::size_t fed) {
  FUZZ_CHECK(returned == validator.state());
  // bytes_seen() is only specified while valid (the frame decoder uses it to place offsets).
  if (returned != State::invalid) FUZZ_CHECK(validator.bytes_seen() == fed);
  FUZZ_CHECK(returned == reference.state_after(fed));
  if (returned == State::invalid) FUZZ_CHECK(validator.invalid_offset() == *reference.invalid_at);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  wsconform::fuzz::Pieces pieces(data[0]);
  const ByteView bytes(data + 1, size - 1);
  const Reference reference(bytes);

  wire::Utf8Validator validator;
  std::size_t fed = 0;
  while (fed < bytes.size()) {
    const std::size_t piece = pieces.next(bytes.size() - fed);
    const State returned = validator.feed(bytes.subspan(fed, piece));
    fed += piece;
    check_against(reference, validator, returned, fed);
  }
  // reset() forgets everything: all at once afterwards gives the final verdict again.
  validator.reset();
  FUZZ_CHECK(validator.state() == State::complete && validator.bytes_seen() == 0);
  check_against(reference, validator, validator.feed(bytes), bytes.size());
  FUZZ_CHECK(wire::is_valid_utf8(bytes) ==
             (reference.state_after(bytes.size()) == State::complete));
  return 0;
}
