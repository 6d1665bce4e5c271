#include "report/text/xml_escape.hpp"

#include <fmt/format.h>

#include "report/text/utf8_text.hpp"

namespace wsconform::report {

namespace {

bool allowed_control(char32_t c) {
  return c == '\t' || c == '\n' || c == '\r';
}

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t pos = 0; pos < text.size();) {
    const DecodedChar decoded = decode_utf8_at(text, pos);
    const auto byte = static_cast<unsigned char>(text[pos]);
    pos += decoded.length;
    if (!decoded.valid) {
      out += fmt::format("\\x{:02x}", byte);
      continue;
    }
    const char32_t c = decoded.code_point;
    switch (c) {
      case '&':
        out += "&amp;";
        continue;
      case '<':
        out += "&lt;";
        continue;
      case '>':
        out += "&gt;";  // also keeps "]]>" out of character data
        continue;
      case '"':
        out += "&quot;";
        continue;
      case '\'':
        out += "&apos;";
        continue;
      default:
        break;
    }
    if (c < 0x20 && !allowed_control(c)) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else if (c < 0x20 && attribute) {
      out += fmt::format("&#{};", static_cast<unsigned>(c));
    } else if (c == 0xFFFE || c == 0xFFFF) {
      out += kReplacementCharacter;
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

}  // namespace

std::string xml_escape_text(std::string_view text) {
  return xml_escape(text, false);
}
std::string xml_escape_attribute(std::string_view text) {
  return xml_escape(text, true);
}

}  // namespace wsconform::report
