// Bytes in a report (often from the server, so untrusted): the exact bytes as hex plus a text
// rendering in which invalid UTF-8 is replaced by U+FFFD.
#pragma once

#include <cstddef>
#include <cstdint>

#include "report/json/json.hpp"

#include "wire/bytes.hpp"

namespace wsconform::report {

// Most bytes a report shows of one payload; the size field always tells the full size.
inline constexpr std::size_t kMaxReportedBytes = 512;

// {"size": full_size, "hex": "48 65", "text": "He", "truncated": bool}. Only the first
// `kMaxReportedBytes` of `bytes` are rendered; `truncated` is true when fewer bytes are shown
// than `full_size` says there were.
Json bytes_json(wire::ByteView bytes, std::uint64_t full_size);
inline Json bytes_json(wire::ByteView bytes) {
  return bytes_json(bytes, bytes.size());
}

}  // namespace wsconform::report
