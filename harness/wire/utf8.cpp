// Incremental UTF-8 validation with a small DFA over byte classes (in the spirit of Bjoern
// Hoehrmann's decoder). RFC 3629 §4's syntax is encoded in the transitions, so the DFA rejects at
// the first byte that cannot continue a well-formed sequence.
#include "wire/utf8.hpp"

#include <array>
#include <bit>
#include <cstring>

namespace wsconform::wire {

namespace {

// Byte classes: bytes in one class behave the same in every state.
enum ByteClass : std::uint8_t {
  kAscii,     // 00-7F
  kContLow,   // 80-8F
  kContMid,   // 90-9F
  kContHigh,  // A0-BF
  kLead2,     // C2-DF
  kLeadE0,    // E0: next byte A0-BF (RFC 3629: lower would be an overlong)
  kLead3,     // E1-EC, EE-EF
  kLeadED,    // ED: next byte 80-9F (higher would encode a surrogate U+D800-DFFF)
  kLeadF0,    // F0: next byte 90-BF (lower would be an overlong)
  kLead4,     // F1-F3
  kLeadF4,    // F4: next byte 80-8F (higher would exceed U+10FFFF)
  kNever,     // C0, C1 (always overlong), F5-FF (beyond U+10FFFF): never in UTF-8
  kClassCount,
};

// DFA states: how much of the open character is still expected, and any narrowed range.
enum DfaState : std::uint8_t {
  kAccept,   // between characters
  kReject,   // proved invalid
  kNeed1,    // one more 80-BF
  kNeed2,    // two more 80-BF
  kNeed3,    // three more 80-BF
  kAfterE0,  // A0-BF, then one more
  kAfterED,  // 80-9F, then one more
  kAfterF0,  // 90-BF, then two more
  kAfterF4,  // 80-8F, then two more
  kStateCount,
};

constexpr std::array<std::uint8_t, 256> make_class_table() {
  std::array<std::uint8_t, 256> table{};
  for (int b = 0; b < 256; ++b) {
    std::uint8_t cls = kNever;
    if (b <= 0x7F)
      cls = kAscii;
    else if (b <= 0x8F)
      cls = kContLow;
    else if (b <= 0x9F)
      cls = kContMid;
    else if (b <= 0xBF)
      cls = kContHigh;
    else if (b <= 0xC1)
      cls = kNever;
    else if (b <= 0xDF)
      cls = kLead2;
    else if (b == 0xE0)
      cls = kLeadE0;
    else if (b == 0xED)
      cls = kLeadED;
    else if (b <= 0xEF)
      cls = kLead3;
    else if (b == 0xF0)
      cls = kLeadF0;
    else if (b <= 0xF3)
      cls = kLead4;
    else if (b == 0xF4)
      cls = kLeadF4;
    table[b] = cls;
  }
  return table;
}

using TransitionTable = std::array<std::array<std::uint8_t, kClassCount>, kStateCount>;

constexpr TransitionTable make_transitions() {
  TransitionTable next{};
  for (auto& row : next) row.fill(kReject);  // anything not listed below is invalid
  // Between characters: a lead byte opens a character; a continuation byte is unexpected.
  next[kAccept][kAscii] = kAccept;
  next[kAccept][kLead2] = kNeed1;
  next[kAccept][kLeadE0] = kAfterE0;
  next[kAccept][kLead3] = kNeed2;
  next[kAccept][kLeadED] = kAfterED;
  next[kAccept][kLeadF0] = kAfterF0;
  next[kAccept][kLead4] = kNeed3;
  next[kAccept][kLeadF4] = kAfterF4;
  // Plain continuation states accept any 80-BF.
  for (std::uint8_t cont : {kContLow, kContMid, kContHigh}) {
    next[kNeed1][cont] = kAccept;
    next[kNeed2][cont] = kNeed1;
    next[kNeed3][cont] = kNeed2;
  }
  next[kAfterE0][kContHigh] = kNeed1;  // E0 A0-BF: U+0800 and up
  next[kAfterED][kContLow] = kNeed1;   // ED 80-9F: up to U+D7FF
  next[kAfterED][kContMid] = kNeed1;
  next[kAfterF0][kContMid] = kNeed2;  // F0 90-BF: U+10000 and up
  next[kAfterF0][kContHigh] = kNeed2;
  next[kAfterF4][kContLow] = kNeed2;  // F4 80-8F: up to U+10FFFF
  return next;
}

constexpr auto kClassOf = make_class_table();
constexpr auto kNext = make_transitions();

constexpr std::uint64_t kHighBits = 0x8080808080808080ull;

// Index (0-7, in memory order) of the first byte whose high bit is set in `high` (non-zero).
inline std::size_t first_high_byte(std::uint64_t high) {
  if constexpr (std::endian::native == std::endian::little) {
    return static_cast<std::size_t>(std::countr_zero(high)) / 8;
  } else {
    return static_cast<std::size_t>(std::countl_zero(high)) / 8;
  }
}

}  // namespace

Utf8Validator::State Utf8Validator::feed(ByteView bytes) {
  if (state_ == State::invalid) return state_;
  std::uint32_t dfa = dfa_state_;
  const std::size_t size = bytes.size();
  std::size_t i = 0;
  while (i < size) {
    // Fast path: between characters, skip eight ASCII bytes at a time.
    if (dfa == kAccept) {
      while (i + 8 <= size) {
        std::uint64_t word = 0;
        std::memcpy(&word, bytes.data() + i, sizeof word);
        const std::uint64_t high = word & kHighBits;
        if (high != 0) {
          i += first_high_byte(high);  // the ASCII bytes before it need no DFA step
          break;
        }
        i += 8;
      }
      if (i == size) break;
    }
    dfa = kNext[dfa][kClassOf[bytes[i]]];
    if (dfa == kReject) {
      invalid_offset_ = seen_ + i;
      seen_ += size;
      dfa_state_ = dfa;
      state_ = State::invalid;
      return state_;
    }
    ++i;
  }
  seen_ += size;
  dfa_state_ = dfa;
  state_ = dfa == kAccept ? State::complete : State::incomplete;
  return state_;
}

void Utf8Validator::reset() {
  state_ = State::complete;
  dfa_state_ = kAccept;
  seen_ = 0;
  invalid_offset_ = 0;
}

bool is_valid_utf8(ByteView bytes) {
  Utf8Validator validator;
  return validator.feed(bytes) == Utf8Validator::State::complete;
}

}  // namespace wsconform::wire
