// The frame encoder: writes any frame a FrameSpec describes, well-formed or not.
#include "wire/frame.hpp"

#include <algorithm>
#include <cstring>

namespace wsconform::wire {

namespace {

// §5.2: 0-125 in the 7-bit field, up to 65535 behind the 126 marker, anything larger behind 127.
LengthForm minimal_form_for(std::uint64_t length) {
  if (length <= kMaxShortLength) return LengthForm::short7;
  if (length <= kMaxMediumLength) return LengthForm::medium16;
  return LengthForm::long64;
}

// Writes the 2-14 header bytes in full; the caller applies truncation.
void append_header(const FrameSpec& spec, Bytes& out) {
  std::uint8_t first = spec.opcode & 0x0F;
  if (spec.fin) first |= header_bits::fin;
  if (spec.rsv1) first |= header_bits::rsv1;
  if (spec.rsv2) first |= header_bits::rsv2;
  if (spec.rsv3) first |= header_bits::rsv3;
  out.push_back(first);

  const std::uint64_t length = spec.declared_length.value_or(spec.payload.size());
  const LengthForm form =
      spec.length_form == LengthForm::minimal ? minimal_form_for(length) : spec.length_form;
  const std::uint8_t mask_bit = spec.mask ? header_bits::mask : 0;
  switch (form) {
    case LengthForm::minimal:  // resolved above; listed for -Wswitch
    case LengthForm::short7:
      // The low 7 bits as they are: 126/127 here make a marker with no extended length behind it.
      out.push_back(mask_bit | static_cast<std::uint8_t>(length & 0x7F));
      break;
    case LengthForm::medium16:
      out.push_back(mask_bit | header_bits::length16_marker);
      out.push_back(static_cast<std::uint8_t>(length >> 8));
      out.push_back(static_cast<std::uint8_t>(length));
      break;
    case LengthForm::long64:
      out.push_back(mask_bit | header_bits::length64_marker);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>(length >> shift));
      }
      break;
  }
  if (spec.mask) out.insert(out.end(), spec.mask->begin(), spec.mask->end());
}

}  // namespace

std::string_view opcode_name(std::uint8_t op) {
  static constexpr std::string_view kNames[16] = {
      "continuation", "text",         "binary",       "reserved-0x3",
      "reserved-0x4", "reserved-0x5", "reserved-0x6", "reserved-0x7",
      "close",        "ping",         "pong",         "reserved-0xb",
      "reserved-0xc", "reserved-0xd", "reserved-0xe", "reserved-0xf",
  };
  if (op > 0x0F) return "invalid-opcode";
  return kNames[op];
}

void apply_mask(std::span<std::uint8_t> data, const MaskKey& key, std::size_t key_offset) {
  // §5.3: octet i of the transformed data is octet i XOR masking-key octet (i MOD 4).
  std::size_t i = 0;
  const std::size_t rotate = key_offset % 4;
  std::uint8_t rotated[8];
  for (std::size_t k = 0; k < 8; ++k) rotated[k] = key[(rotate + k) % 4];
  std::uint64_t key_word = 0;
  std::memcpy(&key_word, rotated, sizeof key_word);
  // Eight bytes at a time: the key pattern repeats every 4 bytes, so a word keeps alignment.
  for (; i + 8 <= data.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, data.data() + i, sizeof word);
    word ^= key_word;
    std::memcpy(data.data() + i, &word, sizeof word);
  }
  for (; i < data.size(); ++i) data[i] ^= rotated[i % 4];
}

void encode_frame_into(const FrameSpec& spec, Bytes& out) {
  const std::size_t start = out.size();
  // Grow geometrically: an exact reserve per frame makes appending many frames quadratic.
  const std::size_t needed = start + 14 + spec.payload.size();
  if (out.capacity() < needed) out.reserve(std::max(needed, 2 * out.capacity()));
  append_header(spec, out);
  const std::size_t payload_start = out.size();
  out.insert(out.end(), spec.payload.begin(), spec.payload.end());
  if (spec.mask && spec.apply_mask) {
    apply_mask(std::span<std::uint8_t>(out).subspan(payload_start), *spec.mask);
  }
  if (spec.truncate_at && *spec.truncate_at < out.size() - start) {
    out.resize(start + *spec.truncate_at);
  }
}

Bytes encode_frame(const FrameSpec& spec) {
  Bytes out;
  encode_frame_into(spec, out);
  return out;
}

Bytes encode_frame_header(const FrameSpec& spec) {
  Bytes out;
  append_header(spec, out);
  // The header is the prefix of encode_frame(spec), so a truncation inside it applies here too.
  if (spec.truncate_at && *spec.truncate_at < out.size()) out.resize(*spec.truncate_at);
  return out;
}

FrameSpec make_frame(std::uint8_t op, ByteView payload, std::optional<MaskKey> mask, bool fin) {
  FrameSpec spec;
  spec.fin = fin;
  spec.opcode = op;
  spec.mask = mask;
  spec.payload.assign(payload.begin(), payload.end());
  return spec;
}

}  // namespace wsconform::wire
