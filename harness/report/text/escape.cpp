#include "report/text/escape.hpp"

#include <fmt/format.h>

#include "report/text/utf8_text.hpp"

namespace wsconform::report {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

enum class LineBreaks { keep, space, reference };
enum class Noncharacters { keep, bmp_end, all };

// What one context does with each kind of character.
struct Policy {
  bool markup_entities = false;               // & < > as entities
  bool quote_entities = false;                // " and ' as entities
  std::string_view apostrophe;                // the entity for ' when quote_entities
  LineBreaks line_breaks = LineBreaks::keep;  // LF and CR; tab too when `reference`
  bool tab_kept = false;                      // tab passes through (else "\xNN")
  bool del_hex = false;                       // U+007F as "\xNN"
  bool c1_hex = false;                        // U+0080-U+009F as "\xNN"
  bool line_separators_referenced = false;    // U+2028, U+2029 as numeric references
  Noncharacters noncharacters = Noncharacters::keep;
  std::string_view backslash_escaped;  // ASCII characters written with a backslash before them
  bool cut_counts_input = false;       // max_bytes bounds the input (else the output)
};

constexpr Policy policy_for(EscapeContext context) {
  // Set one field at a time: GCC 12 warns on designated initializers that
  // leave later members to their defaults.
  Policy policy;
  switch (context) {
    case EscapeContext::html:
      policy.markup_entities = true;
      policy.quote_entities = true;
      policy.apostrophe = "&#39;";
      policy.tab_kept = true;
      policy.del_hex = true;
      policy.c1_hex = true;
      policy.line_separators_referenced = true;
      policy.noncharacters = Noncharacters::all;
      break;
    case EscapeContext::xml_text:
      policy.markup_entities = true;
      policy.quote_entities = true;
      policy.apostrophe = "&apos;";
      policy.tab_kept = true;
      policy.noncharacters = Noncharacters::bmp_end;
      break;
    case EscapeContext::xml_attribute:
      policy.markup_entities = true;
      policy.quote_entities = true;
      policy.apostrophe = "&apos;";
      policy.line_breaks = LineBreaks::reference;
      policy.tab_kept = true;
      policy.noncharacters = Noncharacters::bmp_end;
      break;
    case EscapeContext::markdown:
      policy.markup_entities = true;
      policy.line_breaks = LineBreaks::space;
      policy.del_hex = true;
      policy.backslash_escaped = "\\`*_[]|~";
      policy.cut_counts_input = true;
      break;
    case EscapeContext::console:
      policy.line_breaks = LineBreaks::space;
      policy.del_hex = true;
      policy.c1_hex = true;
      break;
  }
  return policy;
}

bool is_noncharacter(char32_t c, Noncharacters which) {
  switch (which) {
    case Noncharacters::keep:
      return false;
    case Noncharacters::bmp_end:
      return c == 0xFFFE || c == 0xFFFF;
    case Noncharacters::all:
      return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
  }
  return false;
}

void append_hex(std::string& out, unsigned value) {
  out += fmt::format("\\x{:02x}", value);
}

// One character, valid UTF-8, as `policy` writes it.
void append_escaped(std::string& out, char32_t c, const Policy& policy) {
  if (policy.markup_entities) {
    if (c == '&') return void(out += "&amp;");
    if (c == '<') return void(out += "&lt;");
    if (c == '>') return void(out += "&gt;");  // also keeps "]]>" out of XML character data
  }
  if (policy.quote_entities) {
    if (c == '"') return void(out += "&quot;");
    if (c == '\'') return void(out += policy.apostrophe);
  }
  const bool line_break = c == '\n' || c == '\r';
  if (line_break || (c == '\t' && policy.tab_kept)) {
    if (policy.line_breaks == LineBreaks::space && line_break) return void(out += ' ');
    if (policy.line_breaks == LineBreaks::reference) {
      return void(out += fmt::format("&#{};", static_cast<unsigned>(c)));
    }
    return append_utf8(out, c);
  }
  if (c < 0x20 || (c == 0x7F && policy.del_hex) || (c >= 0x80 && c <= 0x9F && policy.c1_hex)) {
    return append_hex(out, static_cast<unsigned>(c));
  }
  if (policy.line_separators_referenced && (c == 0x2028 || c == 0x2029)) {
    return void(out += fmt::format("&#x{:X};", static_cast<unsigned>(c)));
  }
  if (is_noncharacter(c, policy.noncharacters)) return void(out += kReplacementCharacter);
  if (c < 0x80 && policy.backslash_escaped.find(static_cast<char>(c)) != std::string_view::npos) {
    out += '\\';
  }
  append_utf8(out, c);
}

}  // namespace

std::string escape(std::string_view text, EscapeContext context, std::size_t max_bytes) {
  const Policy policy = policy_for(context);
  bool cut = false;
  if (policy.cut_counts_input && max_bytes != 0 && text.size() > max_bytes) {
    std::size_t end = max_bytes;  // back to a character boundary
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
    cut = true;
  }
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t pos = 0; pos < text.size();) {
    if (!policy.cut_counts_input && max_bytes != 0 && out.size() >= max_bytes) {
      cut = true;
      break;
    }
    const DecodedChar decoded = decode_utf8_at(text, pos);
    if (decoded.valid) {
      append_escaped(out, decoded.code_point, policy);
    } else {
      append_hex(out, static_cast<unsigned char>(text[pos]));
    }
    pos += decoded.length;
  }
  if (cut) out += kEllipsis;
  return out;
}

}  // namespace wsconform::report
