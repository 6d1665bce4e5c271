// Frames as data, and an encoder that can write any frame: every bit, opcode 0-15, any mask,
// 7/16/64-bit length forms whether minimal or not, a declared length unlike the payload,
// truncation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "wire/bytes.hpp"

namespace wsconform::wire {

namespace opcode {
inline constexpr std::uint8_t continuation = 0x0;
inline constexpr std::uint8_t text = 0x1;
inline constexpr std::uint8_t binary = 0x2;
inline constexpr std::uint8_t close = 0x8;
inline constexpr std::uint8_t ping = 0x9;
inline constexpr std::uint8_t pong = 0xA;
}  // namespace opcode

constexpr bool is_control_opcode(std::uint8_t op) {
  return (op & 0x8) != 0;
}
// §5.2: 0x3-0x7 and 0xB-0xF are reserved.
constexpr bool is_reserved_opcode(std::uint8_t op) {
  return (op >= 0x3 && op <= 0x7) || (op >= 0xB && op <= 0xF);
}
// The base framing header's bits and length markers (RFC 6455 §5.2), for the encoder, the decoder
// and the fuzzers' model alike.
namespace header_bits {
inline constexpr std::uint8_t fin = 0x80;
inline constexpr std::uint8_t rsv1 = 0x40;
inline constexpr std::uint8_t rsv2 = 0x20;
inline constexpr std::uint8_t rsv3 = 0x10;
inline constexpr std::uint8_t rsv = 0x70;
inline constexpr std::uint8_t opcode = 0x0F;
inline constexpr std::uint8_t mask = 0x80;
inline constexpr std::uint8_t length = 0x7F;
inline constexpr std::uint8_t length16_marker = 126;
inline constexpr std::uint8_t length64_marker = 127;
}  // namespace header_bits
// §5.2: 0-125 fit the 7-bit field, up to 65535 the 16-bit one; §5.5: control payloads <= 125.
inline constexpr std::uint64_t kMaxShortLength = 125;
inline constexpr std::uint64_t kMaxMediumLength = 0xFFFF;
inline constexpr std::uint64_t kMaxControlPayload = 125;

// "text", "close", ... or "reserved-0x3".
std::string_view opcode_name(std::uint8_t op);

// How the payload length is written. `minimal` picks the form §5.2 requires for the length.
// `short7` writes the low 7 bits of the declared length into the first length byte as they are
// (so 126 and 127 write a marker with no extended length behind it: a malformed frame on purpose).
enum class LengthForm : std::uint8_t { minimal, short7, medium16, long64 };

using MaskKey = std::array<std::uint8_t, 4>;

struct FrameSpec {
  bool fin = true;
  bool rsv1 = false;
  bool rsv2 = false;
  bool rsv3 = false;
  std::uint8_t opcode = opcode::text;  // low 4 bits are written
  std::optional<MaskKey> mask;         // set: MASK bit 1 and the key follows the length
  bool apply_mask = true;              // false: write the key but leave the payload unmasked
  LengthForm length_form = LengthForm::minimal;
  std::optional<std::uint64_t> declared_length;  // written instead of payload.size()
  Bytes payload;                                 // the application bytes, before masking
  std::optional<std::size_t> truncate_at;        // cut the encoded frame after this many bytes
};

// Appends the encoded frame to `out` (no allocation beyond the frame's own bytes).
void encode_frame_into(const FrameSpec& spec, Bytes& out);
Bytes encode_frame(const FrameSpec& spec);

// The header alone (2-14 bytes) for a frame of `spec` without payload: used to stream huge frames.
Bytes encode_frame_header(const FrameSpec& spec);

// Convenience for correct frames.
FrameSpec make_frame(std::uint8_t op, ByteView payload, std::optional<MaskKey> mask = std::nullopt,
                     bool fin = true);

// XORs `data` in place with `key`, starting at key position `key_offset % 4`.
void apply_mask(std::span<std::uint8_t> data, const MaskKey& key, std::size_t key_offset = 0);

// A decoded frame.
struct Frame {
  bool fin = true;
  bool rsv1 = false;
  bool rsv2 = false;
  bool rsv3 = false;
  std::uint8_t opcode = 0;
  bool masked = false;
  MaskKey mask_key{};
  LengthForm length_form = LengthForm::short7;  // the form found on the wire
  std::uint64_t payload_length = 0;
  Bytes payload;                // unmasked
  std::size_t header_size = 0;  // 2-14
};

}  // namespace wsconform::wire
