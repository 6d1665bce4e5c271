// Close frame bodies (RFC 6455 §5.5.1): empty, or a 2-byte big-endian code and a UTF-8 reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "wire/bytes.hpp"
#include "wire/rules.hpp"

namespace wsconform::wire {

struct ClosePayload {
  std::optional<std::uint16_t> code;  // absent for an empty body
  std::string reason;                 // raw bytes as received (validated unless a violation)
};

// Strict parse: a 1-byte body, a code that may not be on the wire (§7.4) or a reason that is not
// UTF-8 is a violation.
std::variant<ClosePayload, Violation> parse_close_payload(ByteView body);

// Writes any code and any reason bytes, valid or not (for building malformed closes).
Bytes encode_close_payload(std::optional<std::uint16_t> code, std::string_view reason = {});

}  // namespace wsconform::wire
