#include "scenario/runner/describe.hpp"

#include <algorithm>

namespace wsconform::scenario::runner_detail {
namespace {

std::string bits_and_opcode(bool fin, bool rsv1, bool rsv2, bool rsv3, std::uint8_t opcode) {
  std::string text(wire::opcode_name(opcode & 0x0F));
  text += fin ? " fin" : " more";
  if (rsv1) text += " rsv1";
  if (rsv2) text += " rsv2";
  if (rsv3) text += " rsv3";
  return text;
}

// Printable ASCII stays as it is; anything else is shown as \xNN.
std::string quoted(wire::ByteView bytes, std::size_t limit) {
  std::string text = "\"";
  for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
    const std::uint8_t byte = bytes[i];
    if (byte >= 0x20 && byte < 0x7f && byte != '"' && byte != '\\') {
      text += static_cast<char>(byte);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      text += "\\x";
      text += kHex[byte >> 4];
      text += kHex[byte & 0x0F];
    }
  }
  if (bytes.size() > limit) text += "...";
  return text + "\"";
}

}  // namespace

std::string describe_frame(const wire::FrameSpec& spec) {
  std::string text = bits_and_opcode(spec.fin, spec.rsv1, spec.rsv2, spec.rsv3, spec.opcode);
  text += " len=" + std::to_string(spec.payload.size());
  if (spec.declared_length && *spec.declared_length != spec.payload.size()) {
    text += " declared=" + std::to_string(*spec.declared_length);
  }
  if (spec.length_form != wire::LengthForm::minimal) text += " non-minimal-length-form";
  if (spec.mask) {
    text += " masked key=" + wire::to_hex(*spec.mask);
    if (!spec.apply_mask) text += " payload-unmasked";
  } else {
    text += " unmasked";
  }
  if (spec.truncate_at) text += " truncated-at=" + std::to_string(*spec.truncate_at);
  return text;
}

std::string describe_frame(const wire::Frame& frame) {
  std::string text = bits_and_opcode(frame.fin, frame.rsv1, frame.rsv2, frame.rsv3, frame.opcode);
  text += " len=" + std::to_string(frame.payload_length);
  if (frame.masked) text += " masked";
  if (frame.opcode == wire::opcode::text || wire::is_control_opcode(frame.opcode)) {
    if (frame.opcode != wire::opcode::close) text += " " + quoted(frame.payload, 40);
  }
  return text;
}

std::string describe_close_body(const ReceivedClose& close) {
  if (close.body_size == 0) return "empty body";
  if (!close.code) return std::to_string(close.body_size) + "-byte body";
  std::string text = "code=" + std::to_string(*close.code);
  if (!close.reason.empty()) text += " reason=" + quoted(close.reason, 80);
  return text;
}

wire::Bytes capped(wire::ByteView bytes) {
  const std::size_t size = std::min(bytes.size(), kMaxEventBytes);
  return wire::Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
}

ReceivedClose parse_close_leniently(wire::ByteView body, std::int64_t at_us) {
  ReceivedClose close;
  close.body_size = body.size();
  close.at_us = at_us;
  if (body.size() >= 2) {
    close.code = static_cast<std::uint16_t>((body[0] << 8) | body[1]);
    close.reason.assign(body.begin() + 2, body.end());
  }
  return close;
}

}  // namespace wsconform::scenario::runner_detail
