// The allow-list: the ways websocketpp 0.8.2's frame parser is known to depart from RFC 6455, each
// with the rule it bends. The fuzz targets that check websocketpp (wspp_frames,
// frame_differential) accept exactly these departures and report any other as a crash. The
// README's "The reference target against the suite" lists the same behaviours as the suite sees
// them; the reference target works around the third one in its message handler.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz/rfc_model.hpp"
#include "wire/rules.hpp"

namespace wsconform::fuzz {

struct Deviation {
  std::string_view id;
  wire::Rule rule;               // the RFC 6455 rule the behaviour bends
  std::string_view rfc;          // the rule, quoted
  std::string_view websocketpp;  // what websocketpp does instead
};

inline constexpr Deviation kNonMinimalLengthCloses1011{
    "non-minimal-length-closes-1011", wire::Rule::non_minimal_length,
    "§5.2: \"the minimal number of bytes MUST be used to encode the length\"; a frame that breaks "
    "it is a protocol error, and §7.4.1 names 1002 for protocol errors",
    "refuses the frame (processor error non_minimal_encoding) but processor::error::to_ws has no "
    "mapping for that error, so the connection is closed with 1011 (internal error)"};

inline constexpr Deviation kCloseReasonUtf8Closes1002{
    "close-reason-utf8-closes-1002", wire::Rule::invalid_utf8_close_reason,
    "§5.5.1: the close reason is UTF-8; §8.1: invalid UTF-8 MUST fail the connection, and §7.4.1 "
    "names 1007 for data inconsistent with its type",
    "connection::process_control_frame refuses the close (close::extract_reason) but answers "
    "1002 \"Invalid close reason\""};

inline constexpr Deviation kFragmentedTextEndsInsideCharacter{
    "fragmented-text-ends-inside-character", wire::Rule::invalid_utf8_text,
    "§8.1: a text message is UTF-8, so one whose last fragment ends inside a character MUST fail "
    "the connection",
    "accepts it: hybi13::finalize_message checks that the UTF-8 is complete only when the last "
    "frame's opcode is text, and the last frame of a fragmented message is a continuation"};

inline constexpr Deviation kContinuationLengthWrapsSizeCheck{
    "continuation-length-wraps-size-check", wire::Rule::length_top_bit_set,
    "§5.2: the 64-bit length's most significant bit MUST be 0; §10.4: a message over the "
    "endpoint's limit is refused (1009, §7.4.1)",
    "takes a continuation frame whose declared length, added to the message so far, passes 2^64: "
    "hybi13::consume tests out.size() + m_bytes_needed > max_message_size in size_t, the sum "
    "wraps to a small number, and the frame's payload is then read with no limit at all (a peer "
    "can make the server buffer without bound; a text message fails only on its first bad UTF-8)"};

inline constexpr std::array<const Deviation*, 4> kWebsocketppDeviations = {
    &kNonMinimalLengthCloses1011, &kCloseReasonUtf8Closes1002, &kFragmentedTextEndsInsideCharacter,
    &kContinuationLengthWrapsSizeCheck};

// The listed deviation that makes websocketpp close with `code` when it refuses a frame for
// `rules`, or null.
inline const Deviation* close_code_deviation(const std::vector<wire::Rule>& rules,
                                             std::uint16_t code) {
  const auto names = [&](wire::Rule rule) {
    return std::find(rules.begin(), rules.end(), rule) != rules.end();
  };
  if (code == 1011 && names(wire::Rule::non_minimal_length)) return &kNonMinimalLengthCloses1011;
  if (code == 1002 && names(wire::Rule::invalid_utf8_close_reason)) {
    return &kCloseReasonUtf8Closes1002;
  }
  return nullptr;
}

// The listed deviation under which websocketpp takes the frame `model` refuses, or null. What
// websocketpp does from that frame on (accept it, refuse a later byte for another reason) follows
// from the deviation, so a target compares nothing after it.
inline const Deviation* acceptance_deviation(const ModelVerdict& model) {
  if (model.text_ends_inside_character_after_fragments) return &kFragmentedTextEndsInsideCharacter;
  if (model.length_overflows_message_size) return &kContinuationLengthWrapsSizeCheck;
  return nullptr;
}

}  // namespace wsconform::fuzz
