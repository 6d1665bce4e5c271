#include "reference/raw_server/close_body.hpp"

#include "wire/semantics.hpp"
#include "wire/utf8.hpp"

namespace wsconform::raw_server {

namespace {
// Registered in the IANA registry after RFC 6455 (which defines 1000-1011 in §7.4.1).
constexpr std::uint16_t kFirstPostRfcCode = 1012;
constexpr std::uint16_t kLastPostRfcCode = 1014;
}  // namespace

ReceivedClose read_close_body(wire::ByteView body, const BrokenModes& modes,
                              const LiberalModes& liberties) {
  ReceivedClose received;
  if (body.empty()) return received;
  if (body.size() == 1) {
    // §5.5.1: a body, if present, starts with a 2-byte code; accept-one-byte-close reads it as
    // an empty body.
    if (!modes.contains(BrokenMode::accept_one_byte_close)) {
      received.violation = wire::Rule::close_payload_one_byte;
    }
    return received;
  }
  received.code = static_cast<std::uint16_t>((body[0] << 8) | body[1]);
  // §7.4.1 / §7.4.2: 0-999, 1004-1006, 1015, unassigned 1016-2999 and 5000+ are never on the wire.
  if (!wire::close_code_sendable(*received.code) &&
      !modes.contains(BrokenMode::accept_invalid_close_codes)) {
    received.violation = wire::Rule::invalid_close_code;
    return received;
  }
  // rfc6455-close-codes-only: 1012-1014 came after RFC 6455; §7.4 leaves what a receiver does with
  // a code it does not know open, and this server treats them as invalid.
  if (liberties.contains(LiberalMode::rfc6455_close_codes_only) &&
      *received.code >= kFirstPostRfcCode && *received.code <= kLastPostRfcCode) {
    received.violation = wire::Rule::invalid_close_code;
    return received;
  }
  // §5.5.1: the reason is UTF-8 (§8.1: invalid UTF-8 fails the connection).
  if (!wire::is_valid_utf8(body.subspan(2)) &&
      !modes.contains(BrokenMode::no_close_reason_utf8_check)) {
    received.violation = wire::Rule::invalid_utf8_close_reason;
  }
  return received;
}

}  // namespace wsconform::raw_server
