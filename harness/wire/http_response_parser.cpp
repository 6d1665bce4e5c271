// The bounded, incremental parser of the server's status line and header block.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "wire/http.hpp"
#include "wire/http_text.hpp"

namespace wsconform::wire {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// 2^53: the largest length that survives a round trip through a JSON number (report layer).
constexpr std::uint64_t kMaxContentLength = std::uint64_t{1} << 53;

// Digits only, no sign or whitespace; nullopt past kMaxContentLength (checked before it overflows).
std::optional<std::uint64_t> parse_decimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (kMaxContentLength - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace

HttpResponseParser::HttpResponseParser(HttpLimits limits) : limits_(limits) {}

HttpResponseParser::Status HttpResponseParser::fail(std::string message) {
  status_ = Status::error;
  error_ = std::move(message);
  buffer_.clear();
  return status_;
}

HttpResponseParser::Status HttpResponseParser::feed(ByteView& input) {
  while (status_ == Status::need_more && !input.empty()) {
    if (consumed_ >= limits_.max_header_bytes) break;
    // Never look past the byte budget: whatever lies beyond it cannot belong to an allowed block.
    const std::size_t window = std::min(input.size(), limits_.max_header_bytes - consumed_);
    const void* newline = std::memchr(input.data(), '\n', window);
    const std::size_t line_bytes =
        newline ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(newline) - input.data())
                : window;
    const std::size_t line_start = buffer_.size();
    const std::size_t block_offset = consumed_;
    buffer_.append(reinterpret_cast<const char*>(input.data()), line_bytes);
    const std::size_t taken = newline ? line_bytes + 1 : line_bytes;
    consumed_ += taken;
    input = input.subspan(taken);

    // Checked on arrival, so a server that sends a bad byte then stalls is reported, not timed out.
    const std::size_t nul = buffer_.find('\0', line_start);
    const std::size_t cr = buffer_.find('\r', line_start == 0 ? 0 : line_start - 1);
    const bool bare_cr = cr != std::string::npos && cr + 1 < buffer_.size();
    // The error proved first is reported (a bare CR is proved by the byte after it), so the error
    // does not depend on how the bytes were split into reads.
    if (nul != std::string::npos && (!bare_cr || nul <= cr + 1)) {
      // RFC 9110 §5.5: NUL is invalid in a field; a recipient must reject it or replace it.
      return fail(fmt::format(
          "NUL byte at offset {} of the header block: NUL is invalid there (RFC 9110 §5.5)",
          block_offset + nul - line_start));
    }
    if (bare_cr) {
      // RFC 7230 §3.5: a CR is only allowed right before LF; a bare CR makes the element invalid.
      return fail(
          fmt::format("bare CR (not followed by LF) in line {} of the header block (RFC 7230 §3.5)",
                      lines_seen_ + 1));
    }
    if (newline) {
      std::string_view line = buffer_;
      if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
      } else {
        // RFC 7230 §3.5: a recipient MAY take a bare LF as a line ending; the server MUST NOT send
        // one, so it is recorded for the judge.
        response_.bare_lf = true;
      }
      accept_line(line);
      buffer_.clear();
    }
  }
  if (status_ == Status::need_more && consumed_ >= limits_.max_header_bytes) {
    return fail(
        fmt::format("header block does not end within {} bytes (HttpLimits::max_header_bytes)",
                    limits_.max_header_bytes));
  }
  return status_;
}

void HttpResponseParser::accept_line(std::string_view line) {
  ++lines_seen_;
  if (lines_seen_ == 1) {
    accept_status_line(line);
  } else if (line.empty()) {
    status_ = Status::complete;  // the blank line: the header block ends here
  } else if (line.front() == ' ' || line.front() == '\t') {
    // RFC 7230 §3.2.4: a server MUST NOT fold header lines (obs-fold); unfolding would also let a
    // hostile continuation line change the meaning of the field above it.
    fail(
        fmt::format("line {} starts with whitespace: obs-fold continuation lines are not allowed "
                    "(RFC 7230 §3.2.4)",
                    lines_seen_));
  } else {
    accept_header_line(line);
  }
}

// RFC 7230 §3.1.2: status-line = HTTP-version SP status-code SP reason-phrase, where HTTP-version
// is "HTTP/" DIGIT "." DIGIT and status-code is 3DIGIT. Leniency: "HTTP/1.1 101" without the
// second SP is taken as an empty reason phrase.
void HttpResponseParser::accept_status_line(std::string_view line) {
  const bool well_formed = line.size() >= 12 && line.substr(0, 5) == "HTTP/" && is_digit(line[5]) &&
                           line[6] == '.' && is_digit(line[7]) && line[8] == ' ' &&
                           is_digit(line[9]) && is_digit(line[10]) && is_digit(line[11]) &&
                           (line.size() == 12 || line[12] == ' ');
  if (!well_formed) {
    fail(fmt::format("malformed status line '{}': expected 'HTTP/x.y NNN reason' (RFC 7230 §3.1.2)",
                     excerpt(line)));
    return;
  }
  const int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  // RFC 7231 §6: status codes are 100-999 (the first digit is the class; there is no class 0).
  if (status < 100) {
    fail(fmt::format("status code {} is outside 100-999 (RFC 7231 §6)", line.substr(9, 3)));
    return;
  }
  response_.version = std::string(line.substr(0, 8));
  response_.status = status;
  response_.reason = line.size() > 12 ? std::string(line.substr(13)) : std::string();
}

// RFC 7230 §3.2: header-field = field-name ":" OWS field-value OWS. The value is kept as raw
// bytes (possibly hostile: the report layer escapes it), only trimmed of OWS.
void HttpResponseParser::accept_header_line(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    fail(fmt::format("header line {} has no colon: '{}' (RFC 7230 §3.2)", lines_seen_,
                     excerpt(line)));
    return;
  }
  const std::string_view name = line.substr(0, colon);
  if (name.empty()) {
    fail(fmt::format("header line {} has an empty field name (RFC 7230 §3.2)", lines_seen_));
    return;
  }
  // RFC 7230 §3.2.4: no whitespace is allowed between the field name and the colon (a name
  // padded that way is read differently by different parsers).
  if (name.find_first_of(" \t") != std::string_view::npos) {
    fail(fmt::format("header line {} has whitespace in its field name '{}' (RFC 7230 §3.2.4)",
                     lines_seen_, excerpt(name)));
    return;
  }
  if (response_.headers.size() >= limits_.max_headers) {
    fail(fmt::format("more than {} header fields (HttpLimits::max_headers)", limits_.max_headers));
    return;
  }
  response_.headers.push_back(
      Header{std::string(name), std::string(trim_ows(line.substr(colon + 1)))});
}

// RFC 7230 §3.3.2: Content-Length = 1*DIGIT; duplicates that disagree make the length unusable.
std::optional<std::uint64_t> HttpResponseParser::content_length() const {
  if (status_ != Status::complete) return std::nullopt;
  std::optional<std::uint64_t> length;
  for (const Header& field : response_.headers) {
    if (!iequals(field.name, "Content-Length")) continue;
    const std::optional<std::uint64_t> value = parse_decimal(field.value);
    if (!value || (length && *length != *value)) return std::nullopt;
    length = value;
  }
  return length;
}

}  // namespace wsconform::wire
