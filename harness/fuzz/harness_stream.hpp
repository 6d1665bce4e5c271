// The harness's side of the differential target: FrameDecoder reading a client's stream the way a
// strict server would, with data frames assembled into messages.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "fuzz/pieces.hpp"
#include "fuzz/rfc_model.hpp"
#include "wire/frame_decoder.hpp"

namespace wsconform::fuzz {

struct HarnessOutcome {
  std::vector<ModelMessage> messages;  // data messages whole, control frames alone
  std::optional<wire::Violation> violation;
  bool closed = false;  // a (valid) close frame ended the stream
};

// Decodes `stream` in the pieces `pieces` picks (all at once when null), stopping at the first
// violation or close frame. `max_message_size` bounds every frame and message.
inline HarnessOutcome decode_client_stream(wire::ByteView stream, std::uint64_t max_message_size,
                                           Pieces* pieces) {
  wire::DecoderOptions options;
  options.sender = wire::Sender::client;
  options.max_frame_payload = max_message_size;
  options.max_message_size = max_message_size;
  wire::FrameDecoder decoder(options);
  HarnessOutcome out;
  std::uint8_t message_opcode = 0;
  wire::Bytes message;
  std::size_t fed = 0;
  while (fed < stream.size()) {
    const std::size_t size = pieces ? pieces->next(stream.size() - fed) : stream.size() - fed;
    wire::ByteView piece = stream.subspan(fed, size);
    fed += size;
    for (;;) {
      wire::DecodeStep step = decoder.decode(piece);
      if (step.kind == wire::DecodeStep::Kind::need_more) break;
      if (step.kind == wire::DecodeStep::Kind::violation) {
        out.violation = std::move(step.violation);
        return out;
      }
      wire::Frame& frame = step.frame;
      if (wire::is_control_opcode(frame.opcode)) {
        out.messages.push_back({frame.opcode, std::move(frame.payload)});
        if (frame.opcode == wire::opcode::close) {
          out.closed = true;
          return out;
        }
        continue;
      }
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
  return out;
}

}  // namespace wsconform::fuzz
