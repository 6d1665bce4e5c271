// The incremental strict frame decoder: header bytes are taken one at a time so every rule is
// checked at the byte that proves it; payload bytes are taken in runs, unmasked and (for text)
// validated as they arrive.
#include "wire/frame_decoder.hpp"

#include <algorithm>
#include <variant>

#include <fmt/format.h>

#include "wire/close_payload.hpp"

namespace wsconform::wire {

namespace {

constexpr std::size_t kMaskKeySize = 4;
// The first reservation for a payload: what a peer declares is only trusted up to this much.
constexpr std::uint64_t kInitialPayloadReserve = 64 * 1024;
constexpr std::uint64_t kLengthTopBit = std::uint64_t{1} << 63;

// Frames that belong to a message's flow (reserved opcodes only get here when not enforced).
bool is_data_opcode(std::uint8_t op) {
  return op == opcode::continuation || op == opcode::text || op == opcode::binary;
}

}  // namespace

FrameDecoder::FrameDecoder(DecoderOptions options) : options_(options) {}

void FrameDecoder::reset() {
  *this = FrameDecoder(options_);
}

bool FrameDecoder::fail(Rule rule, std::string detail, std::uint64_t offset) {
  failed_ = true;
  violation_ = Violation{rule, std::move(detail), offset};
  return false;
}

DecodeStep FrameDecoder::violation_step() const {
  DecodeStep step;
  step.kind = DecodeStep::Kind::violation;
  step.violation = violation_;
  return step;
}

DecodeStep FrameDecoder::decode(ByteView& input) {
  if (failed_) return violation_step();
  while (!header_done_) {
    if (input.empty()) return DecodeStep{};
    const std::uint8_t byte = input.front();
    input = input.subspan(1);
    if (!take_header_byte(byte)) return violation_step();
    if (header_have_ == header_need_) start_payload();
  }
  if (!take_payload(input)) return violation_step();
  if (payload_have_ < frame_.payload_length) return DecodeStep{};
  if (!check_complete_frame()) return violation_step();
  return finish_frame();
}

bool FrameDecoder::take_header_byte(std::uint8_t byte) {
  const std::uint64_t offset = consumed_;
  header_[header_have_++] = byte;
  ++consumed_;
  if (header_have_ == 1) return check_first_byte(offset);
  if (header_have_ == 2 && !check_second_byte(offset)) return false;
  if (header_have_ == 3 && frame_.length_form == LengthForm::long64 && (header_[2] & 0x80) != 0 &&
      options_.enforce_length_top_bit) {
    // §5.2: in the 64-bit length "the most significant bit MUST be 0".
    return fail(Rule::length_top_bit_set, fmt::format("64-bit length starts {:02x}", header_[2]),
                offset);
  }
  if (header_have_ == length_end_) return check_length(offset);
  return true;
}

bool FrameDecoder::check_first_byte(std::uint64_t offset) {
  const std::uint8_t byte = header_[0];
  frame_start_ = offset;
  frame_.fin = (byte & header_bits::fin) != 0;
  frame_.rsv1 = (byte & 0x40) != 0;
  frame_.rsv2 = (byte & 0x20) != 0;
  frame_.rsv3 = (byte & 0x10) != 0;
  frame_.opcode = byte & header_bits::opcode;
  const std::uint8_t rsv = byte & header_bits::rsv;
  if ((rsv & ~options_.allowed_rsv_mask) != 0) {
    // §5.2: "RSV1, RSV2, RSV3 ... MUST be 0 unless an extension is negotiated" that defines them.
    return fail(
        Rule::rsv_bit_without_extension,
        fmt::format("RSV bits 0x{:02x} set, 0x{:02x} negotiated", rsv, options_.allowed_rsv_mask),
        offset);
  }
  if (is_reserved_opcode(frame_.opcode)) {
    // §5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail_".
    if (options_.enforce_reserved_opcodes) {
      return fail(Rule::reserved_opcode, fmt::format("opcode 0x{:x}", frame_.opcode), offset);
    }
    // Not enforced: 0x3-0x7 stand outside any message; 0xB-0xF still follow the control rules.
    if (!is_control_opcode(frame_.opcode)) return true;
  }
  if (is_control_opcode(frame_.opcode)) {
    // §5.5: "All control frames ... MUST NOT be fragmented."
    if (!frame_.fin && options_.enforce_control_fin) {
      return fail(Rule::fragmented_control_frame,
                  fmt::format("{} frame with FIN clear", opcode_name(frame_.opcode)), offset);
    }
    return true;
  }
  if (!options_.enforce_continuation_rules) return true;
  if (frame_.opcode == opcode::continuation && message_opcode_ == 0) {
    // §5.4: a continuation frame only continues a message whose first frame had FIN clear.
    return fail(Rule::continuation_without_message, "continuation frame with no message open",
                offset);
  }
  if (frame_.opcode != opcode::continuation && message_opcode_ != 0) {
    // §5.4: "The fragments of one message MUST NOT be interleaved" with another message's.
    return fail(Rule::data_frame_inside_fragmented_message,
                fmt::format("{} frame while a fragmented {} message is open",
                            opcode_name(frame_.opcode), opcode_name(message_opcode_)),
                offset);
  }
  return true;
}

bool FrameDecoder::check_second_byte(std::uint64_t offset) {
  const std::uint8_t byte = header_[1];
  frame_.masked = (byte & header_bits::mask) != 0;
  const std::uint8_t length7 = byte & header_bits::length;
  std::size_t extended = 0;
  if (length7 == header_bits::length16_marker) {
    frame_.length_form = LengthForm::medium16;
    extended = 2;
  } else if (length7 == header_bits::length64_marker) {
    frame_.length_form = LengthForm::long64;
    extended = 8;
  } else {
    frame_.length_form = LengthForm::short7;
  }
  length_end_ = 2 + extended;
  header_need_ = length_end_ + (frame_.masked ? kMaskKeySize : 0);
  if (!options_.enforce_masking) return true;
  if (options_.sender == Sender::client && !frame_.masked) {
    // §5.1: "a client MUST mask all frames that it sends to the server".
    return fail(Rule::unmasked_client_frame, "client frame with MASK clear", offset);
  }
  if (options_.sender == Sender::server && frame_.masked) {
    // §5.1: "A server MUST NOT mask any frames that it sends to the client."
    return fail(Rule::masked_server_frame, "server frame with MASK set", offset);
  }
  return true;
}

bool FrameDecoder::check_length(std::uint64_t offset) {
  std::uint64_t length = header_[1] & header_bits::length;
  if (frame_.length_form != LengthForm::short7) {
    length = 0;
    for (std::size_t i = 2; i < length_end_; ++i) length = (length << 8) | header_[i];
  }
  if (options_.require_minimal_length) {
    // §5.2: "the minimal number of bytes MUST be used to encode the length".
    const bool non_minimal =
        (frame_.length_form == LengthForm::medium16 && length <= kMaxShortLength) ||
        (frame_.length_form == LengthForm::long64 && length <= kMaxMediumLength);
    if (non_minimal) {
      return fail(Rule::non_minimal_length,
                  fmt::format("length {} in the {}-bit form", length,
                              frame_.length_form == LengthForm::medium16 ? 16 : 64),
                  offset);
    }
  }
  // Only reached with enforce_length_top_bit off when the bit is set: the bit is dropped.
  length &= ~kLengthTopBit;
  frame_.payload_length = length;
  const bool control = is_control_opcode(frame_.opcode);
  if (control && length > kMaxControlPayload && options_.enforce_control_length) {
    // §5.5: "All control frames MUST have a payload length of 125 bytes or less".
    return fail(Rule::control_frame_too_long,
                fmt::format("{} frame of {} bytes", opcode_name(frame_.opcode), length), offset);
  }
  if (frame_.opcode == opcode::close && length == 1 && options_.check_close_payload) {
    // §5.5.1: a close body starts with a 2-byte status code; the header already proves 1 byte.
    return fail(Rule::close_payload_one_byte, "close frame with a 1-byte body", offset);
  }
  if (length > options_.max_frame_payload) {
    // §10.4: a local frame size limit; judged on the declared length, before any byte arrives.
    return fail(Rule::message_too_big,
                fmt::format("declared payload {} exceeds the frame limit {}", length,
                            options_.max_frame_payload),
                offset);
  }
  if (is_data_opcode(frame_.opcode)) {
    const std::uint64_t before = frame_.opcode == opcode::continuation ? message_size_ : 0;
    if (length > options_.max_message_size - before) {
      // §10.4: a local message size limit, summed over the fragments so far.
      return fail(Rule::message_too_big,
                  fmt::format("message reaches {} bytes, limit {}", before + length,
                              options_.max_message_size),
                  offset);
    }
  }
  return true;
}

void FrameDecoder::start_payload() {
  header_done_ = true;
  frame_.header_size = header_have_;
  if (frame_.masked) std::copy_n(header_ + length_end_, kMaskKeySize, frame_.mask_key.begin());
  frame_is_text_ = false;
  if (is_data_opcode(frame_.opcode)) {
    if (frame_.opcode == opcode::continuation) {
      message_size_ += frame_.payload_length;
    } else {
      // A new message (one still open is abandoned only when continuation rules are off).
      message_size_ = frame_.payload_length;
      message_opcode_ = frame_.fin ? 0 : frame_.opcode;
      if (frame_.opcode == opcode::text) message_utf8_.reset();
    }
    const std::uint8_t message_opcode =
        frame_.opcode == opcode::continuation ? message_opcode_ : frame_.opcode;
    frame_is_text_ = options_.check_utf8 && message_opcode == opcode::text;
  }
  frame_.payload.reserve(std::min(frame_.payload_length, kInitialPayloadReserve));
}

bool FrameDecoder::take_payload(ByteView& input) {
  const std::uint64_t remaining = frame_.payload_length - payload_have_;
  const auto count = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, input.size()));
  if (count == 0) return true;
  Bytes& payload = frame_.payload;
  const std::size_t old_size = payload.size();
  if (old_size + count > payload.capacity()) {
    // Grow with the bytes that actually arrived, never past the declared length.
    const std::uint64_t wanted = std::max<std::uint64_t>(old_size + count, 2 * payload.capacity());
    payload.reserve(static_cast<std::size_t>(std::min(wanted, frame_.payload_length)));
  }
  payload.insert(payload.end(), input.begin(), input.begin() + count);
  const std::span<std::uint8_t> fresh = std::span<std::uint8_t>(payload).subspan(old_size);
  if (frame_.masked) apply_mask(fresh, frame_.mask_key, payload_have_);
  if (frame_is_text_) {
    const std::size_t seen_before = message_utf8_.bytes_seen();
    if (message_utf8_.feed(fresh) == Utf8Validator::State::invalid) {
      // §8.1: a text message that is not valid UTF-8 MUST fail the connection; the byte that
      // proves it is reported, without waiting for the rest of the frame.
      const std::size_t index = message_utf8_.invalid_offset() - seen_before;
      const std::uint64_t offset = consumed_ + index;
      consumed_ += index + 1;
      payload_have_ += index + 1;
      input = input.subspan(index + 1);
      return fail(Rule::invalid_utf8_text,
                  fmt::format("byte {:02x} at message byte {}", fresh[index],
                              message_utf8_.invalid_offset()),
                  offset);
    }
  }
  consumed_ += count;
  payload_have_ += count;
  input = input.subspan(count);
  return true;
}

bool FrameDecoder::check_complete_frame() {
  if (frame_.opcode == opcode::close && options_.check_close_payload) {
    const auto parsed = parse_close_payload(frame_.payload);
    if (const auto* violation = std::get_if<Violation>(&parsed)) {
      const bool utf8_only = violation->rule == Rule::invalid_utf8_close_reason;
      if (!utf8_only || options_.check_utf8) {
        // §5.5.1 / §7.4: the close body must be empty or a sendable code and a UTF-8 reason.
        return fail(violation->rule, violation->detail,
                    frame_start_ + frame_.header_size + violation->offset);
      }
    }
  }
  if (frame_is_text_ && frame_.fin && message_utf8_.state() == Utf8Validator::State::incomplete) {
    // §8.1: a text message that ends inside a character is not valid UTF-8.
    return fail(Rule::invalid_utf8_text, "text message ends inside a UTF-8 character",
                consumed_ - 1);
  }
  return true;
}

DecodeStep FrameDecoder::finish_frame() {
  if (is_data_opcode(frame_.opcode) && frame_.fin) {
    message_opcode_ = 0;
    message_size_ = 0;
  }
  DecodeStep step;
  step.kind = DecodeStep::Kind::frame;
  step.frame = std::move(frame_);
  frame_ = Frame{};
  header_have_ = 0;
  header_need_ = 2;
  length_end_ = 2;
  header_done_ = false;
  payload_have_ = 0;
  frame_is_text_ = false;
  return step;
}

}  // namespace wsconform::wire
