// Client streams for the fuzz-layer tests: masked frames built with the wire encoder.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "wire/bytes.hpp"
#include "wire/frame.hpp"

namespace wsconform::fuzz::testing {

inline const wire::MaskKey kKey{0x37, 0xfa, 0x21, 0x3d};

struct FrameArgs {
  bool fin = true;
  bool rsv1 = false;
  bool masked = true;
  wire::LengthForm form = wire::LengthForm::minimal;
  std::optional<std::uint64_t> declared;
};

inline FrameArgs not_fin() {
  FrameArgs args;
  args.fin = false;
  return args;
}
inline FrameArgs with_rsv1() {
  FrameArgs args;
  args.rsv1 = true;
  return args;
}
inline FrameArgs unmasked() {
  FrameArgs args;
  args.masked = false;
  return args;
}
inline FrameArgs in_form(wire::LengthForm form) {
  FrameArgs args;
  args.form = form;
  return args;
}
// The 64-bit length form, declaring `length` whatever the payload.
inline FrameArgs declaring(std::uint64_t length) {
  FrameArgs args = in_form(wire::LengthForm::long64);
  args.declared = length;
  return args;
}

inline wire::Bytes client_frame(std::uint8_t opcode, wire::ByteView payload,
                                const FrameArgs& args = {}) {
  wire::FrameSpec spec;
  spec.fin = args.fin;
  spec.rsv1 = args.rsv1;
  spec.opcode = opcode;
  if (args.masked) spec.mask = kKey;
  spec.length_form = args.form;
  spec.declared_length = args.declared;
  spec.payload.assign(payload.begin(), payload.end());
  return wire::encode_frame(spec);
}

inline wire::Bytes client_frame(std::uint8_t opcode, std::string_view payload = {},
                                const FrameArgs& args = {}) {
  return client_frame(opcode, wire::view_of(payload), args);
}

inline wire::Bytes operator+(wire::Bytes a, const wire::Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace wsconform::fuzz::testing
