// Small text helpers shared by the HTTP request builder, response parser and upgrade check.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wsconform::wire {

// Drops leading and trailing optional whitespace (SP and HTAB, RFC 7230 §3.2.3).
std::string_view trim_ows(std::string_view text);

// True if the comma-separated list `list` has an element equal to `token`, ignoring ASCII case and
// the whitespace around each element (RFC 7230 §7 list syntax).
bool list_contains_token(std::string_view list, std::string_view token);

// At most `max_bytes` of `text`, with "..." appended when cut: keeps error messages short.
std::string excerpt(std::string_view text, std::size_t max_bytes = 64);

}  // namespace wsconform::wire
