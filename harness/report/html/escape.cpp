#include "report/html/escape.hpp"

#include <fmt/format.h>

#include "report/text/utf8_text.hpp"

namespace wsconform::report {

namespace {

bool is_noncharacter(char32_t c) {
  return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

}  // namespace

std::string html_escape(std::string_view text) {
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
        out += "&gt;";
        continue;
      case '"':
        out += "&quot;";
        continue;
      case '\'':
        out += "&#39;";
        continue;
      case '\t':
      case '\n':
      case '\r':
        append_utf8(out, c);
        continue;
      default:
        break;
    }
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else if (c == 0x2028 || c == 0x2029) {
      out += fmt::format("&#x{:X};", static_cast<unsigned>(c));
    } else if (is_noncharacter(c)) {
      out += kReplacementCharacter;
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

}  // namespace wsconform::report
