// What every frame the decoder hands out must satisfy under its options: an independent restatement
// of the RFC 6455 rules (§5.1-§5.5, §8.1, §10.4), checked frame by frame with message state. A rule
// whose enforce_* switch is off is not checked; its relaxed behaviour is (e.g. an abandoned
// message).
#pragma once

#include <cstdint>
#include <variant>

#include "fuzz/fuzz_check.hpp"
#include "wire/close_payload.hpp"
#include "wire/frame_decoder.hpp"
#include "wire/utf8.hpp"

namespace wsconform::fuzz {

class FrameOracle {
 public:
  explicit FrameOracle(const wire::DecoderOptions& options) : options_(options) {}

  // `raw` is the frame as it was on the wire.
  void check(const wire::Frame& frame, wire::ByteView raw) {
    check_header(frame, raw);
    if (wire::is_control_opcode(frame.opcode)) {
      check_control(frame);
    } else if (wire::is_reserved_opcode(frame.opcode)) {
      // 0x3-0x7 (decoded only when not enforced) stand outside any message.
      FUZZ_CHECK(!options_.enforce_reserved_opcodes);
    } else {
      check_data(frame);
    }
  }

 private:
  void check_header(const wire::Frame& frame, wire::ByteView raw) const {
    using wire::LengthForm;
    FUZZ_CHECK(raw.size() == frame.header_size + frame.payload_length);
    FUZZ_CHECK(frame.payload.size() == frame.payload_length);
    // §10.4: the local frame limit.
    FUZZ_CHECK(frame.payload_length <= options_.max_frame_payload);
    // §5.1: clients mask, servers do not.
    if (options_.enforce_masking) {
      FUZZ_CHECK(frame.masked == (options_.sender == wire::Sender::client));
    }
    // §5.2: only negotiated RSV bits.
    const int rsv = (frame.rsv1 ? 0x40 : 0) | (frame.rsv2 ? 0x20 : 0) | (frame.rsv3 ? 0x10 : 0);
    FUZZ_CHECK((rsv & ~options_.allowed_rsv_mask) == 0);
    // §5.2: reserved opcodes are rejected.
    FUZZ_CHECK(frame.opcode <= 0xF);
    if (options_.enforce_reserved_opcodes) FUZZ_CHECK(!wire::is_reserved_opcode(frame.opcode));
    // §5.2: the header is 2 bytes, the extended length, then the key.
    std::size_t extended = 0;
    bool raw_top_bit = false;  // the 64-bit length on the wire had its top bit set
    switch (frame.length_form) {
      case LengthForm::short7:
        FUZZ_CHECK(frame.payload_length <= 125);
        break;
      case LengthForm::medium16:
        extended = 2;
        FUZZ_CHECK(frame.payload_length <= 0xFFFF);
        break;
      case LengthForm::long64:
        extended = 8;
        // §5.2: the top bit of the 64-bit length is 0; when not enforced it is dropped.
        FUZZ_CHECK((frame.payload_length >> 63) == 0);
        raw_top_bit = raw.size() > 2 && (raw[2] & 0x80) != 0;
        if (raw_top_bit) FUZZ_CHECK(!options_.enforce_length_top_bit);
        break;
      case LengthForm::minimal:
        // The decoder reports the form found on the wire, never `minimal`.
        invariant_failed("length_form == minimal", __FILE__, __LINE__);
    }
    FUZZ_CHECK(frame.header_size == 2 + extended + (frame.masked ? 4 : 0));
    if (options_.require_minimal_length) {
      // §5.2: the minimal number of length bytes (judged on the raw value).
      const bool minimal =
          frame.length_form == LengthForm::short7 || raw_top_bit ||
          (frame.length_form == LengthForm::medium16 && frame.payload_length > 125) ||
          (frame.length_form == LengthForm::long64 && frame.payload_length > 0xFFFF);
      FUZZ_CHECK(minimal);
    }
  }

  void check_control(const wire::Frame& frame) const {
    // §5.5: control frames are unfragmented and carry at most 125 bytes.
    if (options_.enforce_control_fin) FUZZ_CHECK(frame.fin);
    if (options_.enforce_control_length) FUZZ_CHECK(frame.payload_length <= 125);
    if (frame.opcode != wire::opcode::close || !options_.check_close_payload) return;
    // §5.5.1 / §7.4: a close body is empty or a sendable code and a UTF-8 reason (the reason is
    // only checked when UTF-8 checking is on).
    const auto parsed = wire::parse_close_payload(frame.payload);
    if (const auto* violation = std::get_if<wire::Violation>(&parsed)) {
      FUZZ_CHECK(!options_.check_utf8 && violation->rule == wire::Rule::invalid_utf8_close_reason);
    }
  }

  void check_data(const wire::Frame& frame) {
    const bool rules = options_.enforce_continuation_rules;
    if (frame.opcode == wire::opcode::continuation) {
      // §5.4: a continuation continues an open message (when not enforced, an orphan is alone).
      if (rules) FUZZ_CHECK(message_opcode_ != 0);
      message_size_ += frame.payload_length;
    } else {
      // §5.4: no new message while one is open (when not enforced, it abandons the open one).
      if (rules) FUZZ_CHECK(message_opcode_ == 0);
      message_opcode_ = frame.opcode;
      message_size_ = frame.payload_length;
      text_.clear();
    }
    // §10.4: the local message limit.
    FUZZ_CHECK(message_size_ <= options_.max_message_size);
    if (message_opcode_ == wire::opcode::text && options_.check_utf8) {
      text_.insert(text_.end(), frame.payload.begin(), frame.payload.end());
    }
    if (!frame.fin) return;
    // §8.1: a whole text message is valid UTF-8.
    if (message_opcode_ == wire::opcode::text && options_.check_utf8) {
      FUZZ_CHECK(wire::is_valid_utf8(text_));
    }
    message_opcode_ = 0;
    message_size_ = 0;
  }

  wire::DecoderOptions options_;
  std::uint8_t message_opcode_ = 0;
  std::uint64_t message_size_ = 0;
  wire::Bytes text_;
};

}  // namespace wsconform::fuzz
