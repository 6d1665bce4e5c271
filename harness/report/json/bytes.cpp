#include "report/json/bytes.hpp"

#include <algorithm>

#include "report/text/utf8_text.hpp"

namespace wsconform::report {

Json bytes_json(wire::ByteView bytes, std::uint64_t full_size) {
  const wire::ByteView shown = bytes.first(std::min(bytes.size(), kMaxReportedBytes));
  return {
      {"size", std::max<std::uint64_t>(full_size, bytes.size())},
      {"hex", wire::to_hex(shown, true)},
      {"text", replace_invalid_utf8(wire::string_of(shown))},
      {"truncated", shown.size() < std::max<std::uint64_t>(full_size, bytes.size())},
  };
}

}  // namespace wsconform::report
