// A plain restatement of what RFC 6455 lets a server accept from a client, used by the fuzz targets
// that check websocketpp: one pass over a whole stream, no incremental state machine, so it shares
// no code (and no bugs) with the harness's FrameDecoder. It answers: where each frame lies, which
// messages a conforming server delivers, and which is the first frame it must refuse, with every
// rule that frame breaks that the bytes present already prove.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wire/bytes.hpp"
#include "wire/rules.hpp"

namespace wsconform::fuzz {

// One frame's extent in the stream, from its header alone (valid or not).
struct FrameExtent {
  std::size_t start = 0;
  std::size_t end = 0;    // one past its last byte present (clipped to the stream)
  bool complete = false;  // every byte its header declares is present
};

// Frame boundaries of a client stream: each header's declared length says where the next begins.
std::vector<FrameExtent> split_client_frames(wire::ByteView stream);

// The frame holding stream byte `offset` (start <= offset < end), if any.
std::optional<std::size_t> frame_holding(const std::vector<FrameExtent>& frames,
                                         std::uint64_t offset);
// The frame a parser was inside once it had taken `taken` bytes (start < taken <= end).
std::optional<std::size_t> frame_taken_into(const std::vector<FrameExtent>& frames,
                                            std::uint64_t taken);

struct ModelMessage {
  std::uint8_t opcode = 0;
  wire::Bytes payload;
};

struct ModelVerdict {
  std::vector<FrameExtent> frames;     // split_client_frames of the stream
  std::vector<ModelMessage> messages;  // what a server delivers before the refused frame
  std::optional<std::size_t> refused;  // the first frame a server must refuse
  std::vector<wire::Rule> rules;       // every rule that frame breaks, as far as its bytes show
  bool closed = false;                 // a close frame with a valid body ended the stream
  // The refused frame ends a fragmented text message whose bytes are valid UTF-8 but stop inside
  // a character, and that is all that is wrong with it.
  bool text_ends_inside_character_after_fragments = false;
  // The refused frame is a continuation whose declared length, added to the bytes its message
  // already holds, does not fit in 64 bits.
  bool length_overflows_message_size = false;

  bool breaks(wire::Rule rule) const;
};

// `max_message_size`: a data message (all its fragments) longer than this is refused (§10.4).
ModelVerdict model_client_stream(wire::ByteView stream, std::uint64_t max_message_size);

std::string describe_rules(
    const std::vector<wire::Rule>& rules);  // "rsv-bit-without-extension, ..."

}  // namespace wsconform::fuzz
