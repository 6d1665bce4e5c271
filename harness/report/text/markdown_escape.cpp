#include "report/text/markdown_escape.hpp"

#include <fmt/format.h>

#include "report/text/utf8_text.hpp"

namespace wsconform::report {

namespace {

// Emphasis, code spans, links and images, table cells, strikethrough, backslash escapes. Text is
// only ever placed inline or in a cell, never at the start of a line, so block markers (# - + 1.)
// cannot take effect.
constexpr std::string_view kBackslashEscaped = "\\`*_[]|~";

}  // namespace

std::string markdown_escape(std::string_view text, std::size_t max_bytes) {
  const bool cut = max_bytes != 0 && text.size() > max_bytes;
  if (cut) {
    std::size_t end = max_bytes;  // back to a character boundary
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
  }
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (std::size_t pos = 0; pos < text.size();) {
    const DecodedChar decoded = decode_utf8_at(text, pos);
    const auto byte = static_cast<unsigned char>(text[pos]);
    pos += decoded.length;
    const char32_t c = decoded.code_point;
    if (!decoded.valid) {
      out += fmt::format("\\x{:02x}", byte);
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c < 0x80 && kBackslashEscaped.find(static_cast<char>(c)) != std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      append_utf8(out, c);
    }
  }
  if (cut) out += "\xE2\x80\xA6";  // U+2026
  return out;
}

}  // namespace wsconform::report
