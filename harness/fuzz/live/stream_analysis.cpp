#include "fuzz/live/stream_analysis.hpp"

#include <algorithm>

#include "fuzz/rfc_model.hpp"
#include "wire/close_payload.hpp"
#include "wire/frame_decoder.hpp"

namespace wsconform::fuzz::live {
namespace {

wire::DecoderOptions server_reading(bool check_utf8) {
  wire::DecoderOptions options;
  options.sender = wire::Sender::client;  // §5.1: the server reads masked client frames
  options.max_frame_payload = kMaxJudgedFrame;
  options.max_message_size = 4 * kMaxJudgedFrame;
  options.check_utf8 = check_utf8;
  return options;
}

void add_code(std::vector<std::uint16_t>& codes, std::uint16_t code) {
  if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
}

// A server that checks UTF-8 only once the message is complete reads on past the invalid
// fragment, frame by frame, until the message ends (it fails then: 1007), another rule breaks,
// the client closes, or the stream ends (the case's own close: 1000).
std::vector<std::uint16_t> late_utf8_codes(wire::ByteView stream, std::size_t bad_frame) {
  std::vector<std::uint16_t> codes = {1007, 1002};
  wire::FrameDecoder decoder(server_reading(false));
  std::size_t index = 0;
  while (!stream.empty()) {
    const wire::DecodeStep step = decoder.decode(stream);
    if (step.kind == wire::DecodeStep::Kind::need_more) break;
    if (step.kind == wire::DecodeStep::Kind::violation) {
      add_code(codes, wire::rule_info(step.violation.rule).close_code);
      return codes;
    }
    const wire::Frame& frame = step.frame;
    if (index++ <= bad_frame) continue;
    if (frame.opcode == wire::opcode::continuation && frame.fin) return codes;  // the message ends
    if (frame.opcode == wire::opcode::close) {
      const auto body = wire::parse_close_payload(frame.payload);
      if (const auto* close = std::get_if<wire::ClosePayload>(&body); close && close->code) {
        add_code(codes, *close->code);
      }
      add_code(codes, 1000);
      return codes;
    }
  }
  add_code(codes, 1000);
  return codes;
}

bool frame_has_fin(wire::ByteView stream, std::uint64_t offset) {
  const std::vector<FrameExtent> frames = split_client_frames(stream);
  const std::optional<std::size_t> index = frame_holding(frames, offset);
  return index && (stream[frames[*index].start] & 0x80) != 0;
}

}  // namespace

StreamAnalysis analyze_client_stream(wire::ByteView stream) {
  StreamAnalysis out;
  wire::FrameDecoder decoder(server_reading(true));
  std::uint8_t message_opcode = 0;
  wire::Bytes message;
  wire::ByteView rest = stream;
  while (!rest.empty()) {
    wire::DecodeStep step = decoder.decode(rest);
    if (step.kind == wire::DecodeStep::Kind::need_more) break;
    if (step.kind == wire::DecodeStep::Kind::violation) {
      const wire::Violation& violation = step.violation;
      if (violation.rule == wire::Rule::invalid_utf8_text &&
          !frame_has_fin(stream, violation.offset)) {
        out.late_utf8_possible = true;
        out.late_utf8_codes = late_utf8_codes(stream, out.frames);
      }
      out.violation = violation;
      return out;
    }
    wire::Frame& frame = step.frame;
    ++out.frames;
    if (frame.opcode == wire::opcode::ping) {
      out.pings.push_back(std::move(frame.payload));
    } else if (frame.opcode == wire::opcode::close) {
      // The strict decoder checked the body: empty, or a sendable code and a UTF-8 reason.
      out.client_close = true;
      out.bytes_after_close = decoder.bytes_consumed() < stream.size();
      if (frame.payload.size() >= 2) {
        out.close_code = static_cast<std::uint16_t>((frame.payload[0] << 8) | frame.payload[1]);
      }
      return out;  // §5.5.1: nothing after the close frame is processed
    } else if (!wire::is_control_opcode(frame.opcode)) {
      if (frame.opcode != wire::opcode::continuation) {
        message_opcode = frame.opcode;
        message.clear();
      }
      message.insert(message.end(), frame.payload.begin(), frame.payload.end());
      if (frame.fin) {
        out.messages.push_back({message_opcode, std::move(message)});
        message = {};
      }
    }
  }
  // The decoder took every byte; it stopped inside a frame unless the last one is whole.
  out.incomplete = !stream.empty() && !split_client_frames(stream).back().complete;
  return out;
}

bool needs_whole_frame(wire::Rule rule) {
  switch (rule) {
    case wire::Rule::invalid_utf8_text:
    case wire::Rule::invalid_utf8_close_reason:
    case wire::Rule::invalid_close_code:
    case wire::Rule::close_payload_one_byte:  // a server may read the body before judging it
      return true;
    default:
      return false;
  }
}

std::optional<wire::Bytes> padding_to_finish(wire::ByteView stream, std::size_t frame_start,
                                             bool whole_frame, std::size_t max_padding) {
  const wire::ByteView frame = stream.subspan(frame_start);
  if (frame.size() < 2) return wire::Bytes{0x80};  // MASK set, length 0: the key comes next
  const std::uint8_t length7 = frame[1] & 0x7F;
  const std::size_t extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
  const std::size_t header = 2 + extended + ((frame[1] & 0x80) != 0 ? 4 : 0);
  if (frame.size() < header) return wire::Bytes(header - frame.size(), 0x00);
  if (!whole_frame) return wire::Bytes{};
  std::uint64_t length = length7;
  if (extended > 0) {
    length = 0;
    for (std::size_t i = 0; i < extended; ++i) length = (length << 8) | frame[2 + i];
  }
  if (length > kMaxJudgedFrame) return std::nullopt;
  const std::uint64_t present = frame.size() - header;
  if (present >= length) return wire::Bytes{};
  if (length - present > max_padding) return std::nullopt;
  return wire::Bytes(static_cast<std::size_t>(length - present), ' ');
}

}  // namespace wsconform::fuzz::live
