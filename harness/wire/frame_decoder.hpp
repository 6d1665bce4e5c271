// Incremental strict frame decoder. Bytes arrive in arbitrary pieces (one at a time works); each
// step yields need-more, a frame, or a violation naming the RFC 6455 rule it breaks. It never
// allocates more than its limits, whatever length a peer declares.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "wire/bytes.hpp"
#include "wire/frame.hpp"
#include "wire/rules.hpp"
#include "wire/utf8.hpp"

namespace wsconform::wire {

// Who sent the bytes being decoded: frames from a client must be masked, from a server must not.
enum class Sender : std::uint8_t { client, server };

struct DecoderOptions {
  Sender sender = Sender::server;
  std::uint64_t max_frame_payload = 16u << 20;  // larger declared length: message_too_big
  std::uint64_t max_message_size = 64u << 20;   // sum over a fragmented message
  std::uint8_t allowed_rsv_mask = 0;            // RSV bits negotiated (0x40 RSV1, 0x20, 0x10)
  bool require_minimal_length = true;           // §5.2 minimal encoding
  bool check_utf8 = true;                       // text messages and close reasons
  bool check_close_payload = true;              // §5.5.1 / §7.4
  // Relaxations, each switching one rule off; strict by default. Only deliberately broken servers
  // (harness/reference/raw_server) turn them off, to prove the judge fails a peer that breaks that
  // one rule.
  bool enforce_masking = true;           // §5.1; off: the MASK bit is taken as it comes
  bool enforce_reserved_opcodes = true;  // §5.2; off: such frames decode outside any message
  bool enforce_control_length = true;    // §5.5; off: control payloads over 125 bytes decode
  bool enforce_control_fin = true;       // §5.5; off: control frames with FIN clear decode
  // §5.4; off: an orphan continuation decodes, and a new data frame abandons the open message.
  bool enforce_continuation_rules = true;
  // §5.2; off: the 64-bit length's top bit is masked off (minimality is judged on the raw value).
  bool enforce_length_top_bit = true;
};

struct DecodeStep {
  enum class Kind : std::uint8_t { need_more, frame, violation };
  Kind kind = Kind::need_more;
  Frame frame;          // valid when kind == frame
  Violation violation;  // valid when kind == violation
};

class FrameDecoder {
 public:
  explicit FrameDecoder(DecoderOptions options = {});

  // Consumes bytes from the front of `input` (advancing the span) until one frame completes, a
  // violation is proved, or the input runs out (need_more). Call again with the rest.
  // After a violation the decoder is failed: further calls return the same violation.
  DecodeStep decode(ByteView& input);

  bool failed() const { return failed_; }
  bool in_fragmented_message() const { return message_opcode_ != 0; }
  // Some bytes of a frame have arrived, but not all of it.
  bool inside_frame() const { return header_have_ > 0 || header_done_; }
  std::uint64_t bytes_consumed() const { return consumed_; }
  const DecoderOptions& options() const { return options_; }
  void reset();

 private:
  // Records the violation (the decoder is failed from then on) and returns false.
  bool fail(Rule rule, std::string detail, std::uint64_t offset);
  DecodeStep violation_step() const;
  // Each takes bytes and returns false when they prove a violation.
  bool take_header_byte(std::uint8_t byte);
  bool check_first_byte(std::uint64_t offset);
  bool check_second_byte(std::uint64_t offset);
  bool check_length(std::uint64_t offset);
  void start_payload();
  bool take_payload(ByteView& input);
  bool check_complete_frame();
  DecodeStep finish_frame();

  DecoderOptions options_;
  std::uint8_t header_[14] = {};
  std::size_t header_have_ = 0;
  std::size_t header_need_ = 2;  // grows to 2 + extended length + mask key after byte 1
  std::size_t length_end_ = 2;   // header size up to the end of the length field
  bool header_done_ = false;
  Frame frame_;
  std::uint64_t frame_start_ = 0;  // stream offset of the current frame's first byte
  std::uint64_t payload_have_ = 0;
  bool frame_is_text_ = false;       // payload belongs to a text message: validate as it arrives
  std::uint8_t message_opcode_ = 0;  // opcode of the fragmented message in progress, 0 if none
  std::uint64_t message_size_ = 0;
  Utf8Validator message_utf8_;
  std::uint64_t consumed_ = 0;
  bool failed_ = false;
  Violation violation_{};
};

}  // namespace wsconform::wire
