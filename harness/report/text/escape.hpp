// Escaping untrusted text (server bytes inside reasons, headers, payloads) for each place a
// report shows it. One loop decodes UTF-8 strictly; a policy per context says what each character
// becomes. Every context turns a byte that is not UTF-8 into a visible "\xNN", so nothing is lost
// and the result is valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wsconform::report {

enum class EscapeContext {
  // HTML element content and quoted attribute values alike: & < > " ' become entities, so nothing
  // can open a tag, end an attribute or start a character reference. C0 controls other than tab,
  // LF and CR, DEL and C1 controls become "\xNN"; U+2028 and U+2029 numeric references (they end
  // a line in JavaScript); noncharacters U+FFFD.
  html,
  // XML 1.0 character data, always well-formed: & < > " ' become entities; the C0 controls
  // XML 1.0 forbids (all but tab, LF and CR) become "\xNN"; U+FFFE and U+FFFF become U+FFFD.
  // No CDATA sections are used.
  xml_text,
  // As xml_text, and tab, LF and CR as character references (attribute values normalise them).
  xml_attribute,
  // GitHub-flavoured Markdown, inline or in a table cell: \ ` * _ [ ] | ~ are backslash-escaped,
  // & < > become entities, LF and CR a space (a row cannot break), other C0 controls and DEL
  // "\xNN". The text is only ever placed inline, so block markers (# - + 1.) cannot take effect.
  markdown,
  // A terminal: no escape sequences, no line breaks. C0 and C1 controls and DEL become "\xNN",
  // LF and CR a space.
  console,
};

// `text` made inert for `context`. With `max_bytes` (0: no limit) the text is cut to about that
// many bytes, at a character boundary, with "…" after the cut: Markdown counts input bytes, the
// console output bytes.
std::string escape(std::string_view text, EscapeContext context, std::size_t max_bytes = 0);

inline std::string html_escape(std::string_view text) {
  return escape(text, EscapeContext::html);
}
inline std::string xml_escape_text(std::string_view text) {
  return escape(text, EscapeContext::xml_text);
}
inline std::string xml_escape_attribute(std::string_view text) {
  return escape(text, EscapeContext::xml_attribute);
}
inline std::string markdown_escape(std::string_view text, std::size_t max_bytes = 0) {
  return escape(text, EscapeContext::markdown, max_bytes);
}

}  // namespace wsconform::report
