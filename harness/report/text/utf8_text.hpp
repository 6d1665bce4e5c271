// Untrusted bytes as text: a strict UTF-8 decoder (RFC 3629) shared by the report writers, and a
// rendering that replaces every invalid byte with U+FFFD so the result is always valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wsconform::report {

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

struct DecodedChar {
  char32_t code_point = 0;
  std::size_t length = 1;  // bytes consumed; 1 for an invalid byte
  bool valid = false;
};

// Decodes the character starting at `text[pos]`. Overlong forms, surrogates (U+D800-U+DFFF),
// values past U+10FFFF, stray continuation bytes and truncated sequences are invalid: the result
// is then {valid = false, length = 1} so the caller can treat the byte alone and move on.
DecodedChar decode_utf8_at(std::string_view text, std::size_t pos);

void append_utf8(std::string& out, char32_t code_point);

// `bytes` with each invalid byte replaced by U+FFFD: always valid UTF-8.
std::string replace_invalid_utf8(std::string_view bytes);

// Cuts `text` (valid UTF-8) to at most `max_bytes` without splitting a character, appending
// "…" when something was cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace wsconform::report
