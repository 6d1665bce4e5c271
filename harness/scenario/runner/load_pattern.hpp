// The bytes of an EchoLoadStep's messages, regenerated from their offset, so that neither the
// sender nor the checker of a 16 MiB echo ever holds a copy of what it should be.
#pragma once

#include <cstdint>
#include <span>

#include "wire/frame.hpp"

namespace wsconform::scenario::runner_detail {

// Text is printable ASCII (valid UTF-8 however it is split); binary is any byte. The round shifts
// the pattern, so an echo of the previous round's message does not pass for this one's.
inline std::uint8_t load_byte(std::uint8_t opcode, std::size_t round, std::uint64_t offset) {
  const std::uint64_t mixed = (offset + round * 0x9E3779B97F4A7C15ull) * 0xD6E8FEB86659FD93ull;
  const auto byte = static_cast<std::uint8_t>(mixed >> 56);
  return opcode == wire::opcode::text ? static_cast<std::uint8_t>(0x20 + byte % 95) : byte;
}

inline void fill_load_bytes(std::uint8_t opcode, std::size_t round, std::uint64_t offset,
                            std::span<std::uint8_t> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = load_byte(opcode, round, offset + i);
}

}  // namespace wsconform::scenario::runner_detail
