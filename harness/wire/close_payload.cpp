// Close frame bodies (RFC 6455 §5.5.1): a strict parser and an encoder for any code and reason.
#include "wire/close_payload.hpp"

#include <fmt/format.h>

#include "wire/semantics.hpp"
#include "wire/utf8.hpp"

namespace wsconform::wire {

// Violation offsets are relative to the body: the byte that proves the violation.
std::variant<ClosePayload, Violation> parse_close_payload(ByteView body) {
  ClosePayload payload;
  if (body.empty()) return payload;  // §5.5.1: a Close frame MAY contain a body (so none is fine)
  if (body.size() == 1) {
    // §5.5.1: a body starts with a 2-byte status code, so one byte cannot be a body.
    return Violation{Rule::close_payload_one_byte, fmt::format("1-byte close body {:02x}", body[0]),
                     0};
  }
  const auto code = static_cast<std::uint16_t>((body[0] << 8) | body[1]);
  if (!close_code_sendable(code)) {
    // §7.4: reserved, sentinel (1005/1006/1015), unassigned or out-of-range codes never go on
    // the wire, so a receiver must treat them as a protocol error.
    return Violation{Rule::invalid_close_code, fmt::format("close code {}", code), 1};
  }
  payload.code = code;
  const ByteView reason = body.subspan(2);
  Utf8Validator validator;
  // §5.5.1: the reason after the code is UTF-8 (and §8.1 fails the connection otherwise).
  switch (validator.feed(reason)) {
    case Utf8Validator::State::complete:
      break;
    case Utf8Validator::State::invalid:
      return Violation{Rule::invalid_utf8_close_reason,
                       fmt::format("invalid UTF-8 at reason byte {}", validator.invalid_offset()),
                       2 + validator.invalid_offset()};
    case Utf8Validator::State::incomplete:
      return Violation{Rule::invalid_utf8_close_reason,
                       "close reason ends inside a UTF-8 character", body.size() - 1};
  }
  payload.reason = string_of(reason);
  return payload;
}

Bytes encode_close_payload(std::optional<std::uint16_t> code, std::string_view reason) {
  Bytes body;
  if (!code) {
    body.assign(reason.begin(), reason.end());  // a reason with no code: malformed on purpose
    return body;
  }
  body.reserve(2 + reason.size());
  body.push_back(static_cast<std::uint8_t>(*code >> 8));
  body.push_back(static_cast<std::uint8_t>(*code & 0xFF));
  body.insert(body.end(), reason.begin(), reason.end());
  return body;
}

}  // namespace wsconform::wire
