#include "cli/console_text.hpp"

#include <fmt/format.h>

#include "report/text/utf8_text.hpp"

namespace wsconform::cli {

std::string console_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    if (max_bytes != 0 && out.size() >= max_bytes) {
      out += "\xE2\x80\xA6";  // U+2026
      break;
    }
    const report::DecodedChar decoded = report::decode_utf8_at(text, pos);
    const auto byte = static_cast<unsigned char>(text[pos]);
    const char32_t c = decoded.code_point;
    if (!decoded.valid) {
      out += fmt::format("\\x{:02x}", byte);
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else {
      out.append(text.substr(pos, decoded.length));
    }
    pos += decoded.length;
  }
  return out;
}

}  // namespace wsconform::cli
