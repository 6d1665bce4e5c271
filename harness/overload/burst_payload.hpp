// The messages a burst sends: each carries its sequence number, so an echo can be checked in
// order and intact without keeping what was sent. Text, ASCII only (valid UTF-8, §8.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace wsconform::overload {

// The sequence number is written as 8 lower-case hex digits at the start of every message.
inline constexpr std::size_t kMinMessageSize = 8;

// Byte `position` of message `sequence`: the hex digits of the number, then letters that depend
// on both (so an echo of another message, or a shifted one, does not match).
std::uint8_t payload_byte(std::uint32_t sequence, std::size_t position);

// Writes message `sequence` into `out` (its size is the message size).
void fill_payload(std::uint32_t sequence, std::span<std::uint8_t> out);

// True if `piece` equals bytes [offset, offset + piece.size()) of message `sequence`.
bool payload_matches(std::uint32_t sequence, std::size_t offset,
                     std::span<const std::uint8_t> piece);

}  // namespace wsconform::overload
