// The request parser: strict about the syntax RFC 7230 gives, bounded in bytes and header count.
#include "reference/raw_server/http_request_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "wire/http_text.hpp"

namespace wsconform::raw_server {

namespace {

// RFC 7230 §3.2.6: tchar, the characters of a token (methods and field names are tokens).
bool is_token_char(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

// RFC 7230 §3.2: field values hold visible characters, SP and HTAB (and obs-text); other control
// characters are not allowed.
bool has_control_char(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t') || byte == 0x7F;
  });
}

// RFC 7230 §2.6: HTTP-version = "HTTP/" DIGIT "." DIGIT.
bool is_http_version(std::string_view text) {
  return text.size() == 8 && text.substr(0, 5) == "HTTP/" && text[5] >= '0' && text[5] <= '9' &&
         text[6] == '.' && text[7] >= '0' && text[7] <= '9';
}

}  // namespace

std::vector<std::string_view> HttpRequest::values(std::string_view name) const {
  std::vector<std::string_view> found;
  for (const wire::Header& header : headers) {
    if (wire::iequals(header.name, name)) found.push_back(header.value);
  }
  return found;
}

HttpRequestParser::HttpRequestParser(wire::HttpLimits limits) : limits_(limits) {}

HttpRequestParser::Status HttpRequestParser::fail(std::string message) {
  status_ = Status::error;
  error_ = std::move(message);
  line_.clear();
  return status_;
}

HttpRequestParser::Status HttpRequestParser::feed(wire::ByteView& input) {
  while (status_ == Status::need_more && !input.empty() && consumed_ < limits_.max_header_bytes) {
    // Never look past the byte budget: nothing beyond it can belong to an allowed request head.
    const std::size_t window = std::min(input.size(), limits_.max_header_bytes - consumed_);
    const void* newline = std::memchr(input.data(), '\n', window);
    const std::size_t line_bytes =
        newline ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(newline) - input.data())
                : window;
    line_.append(reinterpret_cast<const char*>(input.data()), line_bytes);
    const std::size_t taken = newline ? line_bytes + 1 : line_bytes;
    consumed_ += taken;
    input = input.subspan(taken);
    if (!newline) break;
    std::string_view line = line_;
    // RFC 7230 §3.5: a bare LF may be taken as a line ending; a CR elsewhere is checked below.
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find('\r') != std::string_view::npos) {
      return fail(fmt::format("bare CR in line {} (RFC 7230 §3.5)", lines_seen_ + 1));
    }
    accept_line(line);
    line_.clear();
  }
  if (status_ == Status::need_more && consumed_ >= limits_.max_header_bytes) {
    return fail(fmt::format("request head exceeds {} bytes", limits_.max_header_bytes));
  }
  return status_;
}

void HttpRequestParser::accept_line(std::string_view line) {
  // RFC 7230 §3.5: a server SHOULD ignore at least one empty line before the request line.
  if (lines_seen_ == 0 && line.empty()) return;
  ++lines_seen_;
  if (lines_seen_ == 1) {
    accept_request_line(line);
  } else if (line.empty()) {
    status_ = Status::complete;
  } else if (line.front() == ' ' || line.front() == '\t') {
    // RFC 7230 §3.2.4: a server MUST reject obs-fold in a request (400) or unfold it; we reject.
    fail(fmt::format("line {} is an obs-fold continuation (RFC 7230 §3.2.4)", lines_seen_));
  } else {
    accept_header_line(line);
  }
}

// RFC 7230 §3.1.1: request-line = method SP request-target SP HTTP-version.
void HttpRequestParser::accept_request_line(std::string_view line) {
  const std::size_t first_space = line.find(' ');
  const std::size_t last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space) {
    fail(fmt::format("malformed request line '{}'", wire::excerpt(line)));
    return;
  }
  const std::string_view method = line.substr(0, first_space);
  const std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
  const std::string_view version = line.substr(last_space + 1);
  if (!is_token(method) || target.empty() || target.find(' ') != std::string_view::npos ||
      has_control_char(target) || !is_http_version(version)) {
    fail(fmt::format("malformed request line '{}'", wire::excerpt(line)));
    return;
  }
  request_.method = std::string(method);
  request_.target = std::string(target);
  request_.version = std::string(version);
}

// RFC 7230 §3.2: header-field = field-name ":" OWS field-value OWS.
void HttpRequestParser::accept_header_line(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    fail(fmt::format("header line {} has no colon", lines_seen_));
    return;
  }
  const std::string_view name = line.substr(0, colon);
  // RFC 7230 §3.2.4: no whitespace between the field name and the colon; a server MUST reject it.
  if (!is_token(name)) {
    fail(fmt::format("header line {} has a malformed field name '{}'", lines_seen_,
                     wire::excerpt(name)));
    return;
  }
  const std::string_view value = wire::trim_ows(line.substr(colon + 1));
  if (has_control_char(value)) {
    fail(fmt::format("header '{}' has a control character in its value", wire::excerpt(name)));
    return;
  }
  if (request_.headers.size() >= limits_.max_headers) {
    fail(fmt::format("more than {} header fields", limits_.max_headers));
    return;
  }
  request_.headers.push_back(wire::Header{std::string(name), std::string(value)});
}

}  // namespace wsconform::raw_server
