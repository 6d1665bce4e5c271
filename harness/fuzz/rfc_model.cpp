#include "fuzz/rfc_model.hpp"

#include <algorithm>
#include <limits>

#include "wire/frame.hpp"
#include "wire/semantics.hpp"
#include "wire/utf8.hpp"

namespace wsconform::fuzz {
namespace {

using wire::Rule;

using wire::kMaxControlPayload;
using wire::kMaxMediumLength;
using wire::kMaxShortLength;

bool is_control(std::uint8_t op) {
  return (op & 0x8) != 0;
}
// §5.2: 0x3-0x7 are reserved non-control opcodes, 0xB-0xF reserved control opcodes.
bool is_reserved(std::uint8_t op) {
  return (op >= 0x3 && op <= 0x7) || op >= 0xB;
}

std::size_t extended_length_bytes(std::uint8_t second_byte) {
  const std::uint8_t length7 = second_byte & 0x7F;
  return length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
}

std::uint64_t read_length(wire::ByteView header, std::size_t extended) {
  if (extended == 0) return header[1] & 0x7F;
  std::uint64_t length = 0;
  for (std::size_t i = 0; i < extended; ++i) length = (length << 8) | header[2 + i];
  return length;
}

void add_rule(std::vector<Rule>& rules, Rule rule) {
  if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
}

// The state of the data message a fragmented run of frames is building.
struct OpenMessage {
  std::uint8_t opcode = 0;  // 0: no message open
  wire::Bytes payload;
  std::size_t frames = 0;
  wire::Utf8Validator utf8;
};

class StreamModel {
 public:
  StreamModel(wire::ByteView stream, std::uint64_t max_message_size)
      : stream_(stream), max_message_size_(max_message_size) {
    verdict_.frames = split_client_frames(stream);
  }

  ModelVerdict run() {
    for (std::size_t index = 0; index < verdict_.frames.size(); ++index) {
      if (!frame(index)) break;
    }
    return std::move(verdict_);
  }

 private:
  // Judges one frame; false when the stream ends here (refused, closed, or cut short).
  bool frame(std::size_t index) {
    const FrameExtent& extent = verdict_.frames[index];
    const wire::ByteView bytes = stream_.subspan(extent.start, extent.end - extent.start);
    std::vector<Rule> rules;
    header_rules(bytes, rules);
    if (!rules.empty()) {
      verdict_.length_overflows_message_size = overflows_;
      return refuse(index, std::move(rules));
    }
    if (bytes.size() < 2) return false;

    const std::size_t extended = extended_length_bytes(bytes[1]);
    const std::size_t header_size = 2 + extended + 4;  // masked: unmasked frames were refused
    if (bytes.size() < header_size) return false;
    const std::uint8_t op = bytes[0] & 0x0F;
    wire::Bytes payload(bytes.begin() + static_cast<std::ptrdiff_t>(header_size), bytes.end());
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] ^= bytes[2 + extended + i % 4];

    const bool starts_message = op != 0 && !is_control(op);
    if (starts_message) {
      message_.opcode = op;
      message_.payload.clear();
      message_.frames = 0;
      message_.utf8.reset();
    }
    // §8.1: a text message is UTF-8; bytes that prove otherwise fail it at once.
    if (!is_control(op) && message_.opcode == wire::opcode::text &&
        message_.utf8.feed(payload) == wire::Utf8Validator::State::invalid) {
      return refuse(index, {Rule::invalid_utf8_text});
    }
    if (!extent.complete) return false;
    if (is_control(op)) return control_frame(index, op, std::move(payload));
    return data_frame(index, (bytes[0] & 0x80) != 0, payload);
  }

  // The rules a frame's header breaks, as far as the header bytes present show them.
  void header_rules(wire::ByteView bytes, std::vector<Rule>& rules) {
    overflows_ = false;
    const bool fin = (bytes[0] & 0x80) != 0;
    const std::uint8_t op = bytes[0] & 0x0F;
    const bool control = is_control(op);
    const bool data = !control && !is_reserved(op);
    // §5.2: RSV1-3 MUST be 0 unless an extension defines them; none is negotiated.
    if ((bytes[0] & 0x70) != 0) add_rule(rules, Rule::rsv_bit_without_extension);
    // §5.2: an unknown opcode fails the connection.
    if (is_reserved(op)) add_rule(rules, Rule::reserved_opcode);
    // §5.5: control frames (opcode MSB set) MUST NOT be fragmented.
    if (control && !fin) add_rule(rules, Rule::fragmented_control_frame);
    if (data) {
      // §5.4: a continuation continues an open message; a new message waits for the open one.
      if (op == 0 && message_.opcode == 0) add_rule(rules, Rule::continuation_without_message);
      if (op != 0 && message_.opcode != 0) {
        add_rule(rules, Rule::data_frame_inside_fragmented_message);
      }
    }
    if (bytes.size() < 2) return;
    // §5.1: a client MUST mask every frame.
    if ((bytes[1] & 0x80) == 0) add_rule(rules, Rule::unmasked_client_frame);
    // §5.5: at most 125 bytes; an extended length form is too long or not minimal (§5.2).
    if (control && (bytes[1] & 0x7F) > kMaxControlPayload) {
      add_rule(rules, Rule::control_frame_too_long);
    }
    const std::size_t extended = extended_length_bytes(bytes[1]);
    // §5.2: the 64-bit length's most significant bit MUST be 0 (its first byte shows it).
    if (extended == 8 && bytes.size() >= 3 && (bytes[2] & 0x80) != 0) {
      add_rule(rules, Rule::length_top_bit_set);
    }
    if (bytes.size() < 2 + extended) return;
    const std::uint64_t length = read_length(bytes, extended);
    // §5.2: the minimal number of bytes MUST be used to encode the length.
    if ((extended == 2 && length <= kMaxShortLength) ||
        (extended == 8 && length <= kMaxMediumLength)) {
      add_rule(rules, Rule::non_minimal_length);
    }
    if (control && length > kMaxControlPayload) add_rule(rules, Rule::control_frame_too_long);
    // §5.5.1: a close body starts with a 2-byte code, so one byte cannot be a body.
    if (op == wire::opcode::close && length == 1) add_rule(rules, Rule::close_payload_one_byte);
    if (data) {
      // §10.4: the message (all its fragments so far) against the server's limit.
      const std::uint64_t before = op == 0 ? message_.payload.size() : 0;
      if (length > max_message_size_ || before > max_message_size_ - length) {
        add_rule(rules, Rule::message_too_big);
      }
      overflows_ = op == 0 && before > std::numeric_limits<std::uint64_t>::max() - length;
    }
  }

  bool control_frame(std::size_t index, std::uint8_t op, wire::Bytes payload) {
    const bool close = op == wire::opcode::close;
    if (close && payload.size() >= 2) {
      std::vector<Rule> rules;
      const std::uint16_t code = static_cast<std::uint16_t>((payload[0] << 8) | payload[1]);
      // §7.4: only some codes may be on the wire.
      if (!wire::close_code_sendable(code)) add_rule(rules, Rule::invalid_close_code);
      // §5.5.1: the reason is UTF-8 (a character cut at the end is not).
      if (!wire::is_valid_utf8(wire::ByteView(payload).subspan(2))) {
        add_rule(rules, Rule::invalid_utf8_close_reason);
      }
      if (!rules.empty()) return refuse(index, std::move(rules));
    }
    verdict_.messages.push_back({op, std::move(payload)});
    if (close) verdict_.closed = true;  // the closing handshake: nothing after it is read
    return !close;
  }

  bool data_frame(std::size_t index, bool fin, const wire::Bytes& payload) {
    message_.payload.insert(message_.payload.end(), payload.begin(), payload.end());
    ++message_.frames;
    if (!fin) return true;
    // §8.1: a whole text message is UTF-8, so it cannot end inside a character.
    if (message_.opcode == wire::opcode::text &&
        message_.utf8.state() != wire::Utf8Validator::State::complete) {
      verdict_.text_ends_inside_character_after_fragments = message_.frames > 1;
      return refuse(index, {Rule::invalid_utf8_text});
    }
    verdict_.messages.push_back({message_.opcode, std::move(message_.payload)});
    message_.opcode = 0;
    message_.payload = {};
    return true;
  }

  bool refuse(std::size_t index, std::vector<Rule> rules) {
    verdict_.refused = index;
    verdict_.rules = std::move(rules);
    return false;
  }

  wire::ByteView stream_;
  std::uint64_t max_message_size_;
  ModelVerdict verdict_;
  OpenMessage message_;
  bool overflows_ = false;  // set by header_rules
};

}  // namespace

std::vector<FrameExtent> split_client_frames(wire::ByteView stream) {
  std::vector<FrameExtent> frames;
  std::size_t position = 0;
  while (position < stream.size()) {
    const std::size_t left = stream.size() - position;
    FrameExtent extent{position, stream.size(), false};
    const std::size_t extended = left >= 2 ? extended_length_bytes(stream[position + 1]) : 0;
    if (left < 2 + extended) {
      frames.push_back(extent);
      break;
    }
    const wire::ByteView header = stream.subspan(position);
    const std::size_t header_size = 2 + extended + ((header[1] & 0x80) != 0 ? 4 : 0);
    const std::uint64_t length = read_length(header, extended);
    if (left < header_size || length > left - header_size) {
      frames.push_back(extent);
      break;
    }
    extent.end = position + header_size + static_cast<std::size_t>(length);
    extent.complete = true;
    frames.push_back(extent);
    position = extent.end;
  }
  return frames;
}

std::optional<std::size_t> frame_holding(const std::vector<FrameExtent>& frames,
                                         std::uint64_t offset) {
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (frames[i].start <= offset && offset < frames[i].end) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> frame_taken_into(const std::vector<FrameExtent>& frames,
                                            std::uint64_t taken) {
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (frames[i].start < taken && taken <= frames[i].end) return i;
  }
  return std::nullopt;
}

bool ModelVerdict::breaks(wire::Rule rule) const {
  return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

ModelVerdict model_client_stream(wire::ByteView stream, std::uint64_t max_message_size) {
  return StreamModel(stream, max_message_size).run();
}

std::string describe_rules(const std::vector<wire::Rule>& rules) {
  std::string text;
  for (const wire::Rule rule : rules) {
    if (!text.empty()) text += ", ";
    text += wire::rule_info(rule).id;
  }
  return text.empty() ? "none" : text;
}

}  // namespace wsconform::fuzz
