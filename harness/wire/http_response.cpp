// Lookups on a parsed response: header names compare case-insensitively (RFC 7230 §3.2).
#include "wire/http.hpp"
#include "wire/http_text.hpp"

namespace wsconform::wire {

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const Header& field : headers) {
    if (iequals(field.name, name)) return field.value;
  }
  return std::nullopt;
}

std::size_t HttpResponse::header_count(std::string_view name) const {
  std::size_t count = 0;
  for (const Header& field : headers) {
    if (iequals(field.name, name)) ++count;
  }
  return count;
}

// RFC 7230 §3.2.2: repeated list-valued fields mean the same as one comma-joined field, so every
// field with this name is searched.
bool HttpResponse::has_token(std::string_view name, std::string_view token) const {
  for (const Header& field : headers) {
    if (iequals(field.name, name) && list_contains_token(field.value, token)) return true;
  }
  return false;
}

}  // namespace wsconform::wire
