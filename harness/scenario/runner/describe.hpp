// One-line summaries of frames and bytes for transcript events ("text fin len=5 masked").
#pragma once

#include <string>

#include "scenario/model/transcript.hpp"
#include "wire/bytes.hpp"
#include "wire/frame.hpp"

namespace wsconform::scenario::runner_detail {

// A frame the harness sends, as specified (declared length, truncation and mask included).
std::string describe_frame(const wire::FrameSpec& spec);
// A frame decoded from the server.
std::string describe_frame(const wire::Frame& frame);
// A close body as received, parsed leniently: "code=1000 reason=\"bye\"", "empty", "1 byte".
std::string describe_close_body(const ReceivedClose& close);
// The first kMaxEventBytes of `bytes`.
wire::Bytes capped(wire::ByteView bytes);
// Parses a close body leniently (§5.5.1 shape, nothing validated): the judge judges it.
ReceivedClose parse_close_leniently(wire::ByteView body, std::int64_t at_us);

}  // namespace wsconform::scenario::runner_detail
