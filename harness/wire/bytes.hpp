// Byte buffers and hex helpers shared by every layer.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wsconform::wire {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline Bytes bytes_of(std::string_view text) {
  return Bytes(text.begin(), text.end());
}
inline ByteView view_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}
inline std::string string_of(ByteView bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// Lower-case hex, optionally with a space between bytes ("81 05 48").
std::string to_hex(ByteView bytes, bool spaced = false);
// Parses hex digits; spaces, tabs, newlines and ':' between bytes are ignored.
// Returns nullopt for an odd digit count or a non-hex character.
std::optional<Bytes> from_hex(std::string_view hex);

}  // namespace wsconform::wire
