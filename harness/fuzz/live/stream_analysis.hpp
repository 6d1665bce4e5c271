// What a strictly conforming server makes of a client's byte stream: the harness's strict decoder
// reads it as the server would, and says which messages the server must deliver (echo), which
// pings it must answer, where the client closes, and the first rule the stream breaks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "scenario/model/case.hpp"
#include "wire/bytes.hpp"
#include "wire/rules.hpp"

namespace wsconform::fuzz::live {

// Longer frames are not judged: whether the server takes them depends on its own size limit.
inline constexpr std::uint64_t kMaxJudgedFrame = 1u << 20;

struct StreamAnalysis {
  std::vector<scenario::ExpectedMessage> messages;  // complete data messages before the end
  std::vector<wire::Bytes> pings;                   // ping payloads before the end
  std::size_t frames = 0;                           // complete frames before the end
  std::optional<wire::Violation> violation;         // the first rule broken
  // A client close frame (valid) ended the stream; `close_code` is its code (none: empty body).
  bool client_close = false;
  std::optional<std::uint16_t> close_code;
  bool bytes_after_close = false;  // the client sends more after its close frame
  bool incomplete = false;         // no violation or close, and the stream stops inside a frame

  // The violation is invalid UTF-8 in a text fragment with FIN clear: a server that checks UTF-8
  // only at the end of the message (a SHOULD-level lateness) fails later, with one of these codes.
  bool late_utf8_possible = false;
  std::vector<std::uint16_t> late_utf8_codes;
};

StreamAnalysis analyze_client_stream(wire::ByteView stream);

// Whether a server can only tell that a frame breaks `rule` once the whole frame is there (the
// payload's UTF-8, the close body); the other rules show in the header.
bool needs_whole_frame(wire::Rule rule);

// The bytes to append so that the frame starting at `frame_start` has its whole header (or, with
// `whole_frame`, all of its payload too): zeros for header bytes (a cut length field is finished
// first, so the length may change and a later round asks again), spaces for payload bytes. Empty
// when nothing is missing; nullopt when more than `max_padding` payload bytes are, or the frame
// declares more than kMaxJudgedFrame.
std::optional<wire::Bytes> padding_to_finish(wire::ByteView stream, std::size_t frame_start,
                                             bool whole_frame, std::size_t max_padding);

}  // namespace wsconform::fuzz::live
