// libFuzzer target for parse_close_payload: the verdict matches the §5.5.1 / §7.4 rules restated
// here, a success re-encodes to the same body, and a failure names a close-body rule.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <variant>

#include "fuzz/fuzz_check.hpp"
#include "wire/close_payload.hpp"
#include "wire/semantics.hpp"
#include "wire/utf8.hpp"

namespace {

using namespace wsconform;
using wire::ByteView;

// §5.5.1 / §7.4: empty, or a code an endpoint may send followed by a UTF-8 reason.
bool acceptable_body(ByteView body) {
  if (body.empty()) return true;
  if (body.size() == 1) return false;
  const unsigned code = (body[0] << 8) | body[1];
  return wire::close_code_sendable(code) && wire::is_valid_utf8(body.subspan(2));
}

void check_success(ByteView body, const wire::ClosePayload& payload) {
  FUZZ_CHECK(payload.code.has_value() == !body.empty());
  if (payload.code) {
    FUZZ_CHECK(wire::close_code_sendable(*payload.code));
    FUZZ_CHECK(wire::is_valid_utf8(wire::view_of(payload.reason)));
  } else {
    FUZZ_CHECK(payload.reason.empty());
  }
  // Re-encoding gives back the body, which parses to the same payload.
  const wire::Bytes encoded = wire::encode_close_payload(payload.code, payload.reason);
  FUZZ_CHECK(std::equal(encoded.begin(), encoded.end(), body.begin(), body.end()));
  const auto again = wire::parse_close_payload(encoded);
  const auto* reparsed = std::get_if<wire::ClosePayload>(&again);
  FUZZ_CHECK(reparsed && reparsed->code == payload.code && reparsed->reason == payload.reason);
}

void check_violation(ByteView body, const wire::Violation& violation) {
  using wire::Rule;
  // Only the three close-body rules, each where it belongs, proved by a byte of the body.
  FUZZ_CHECK(violation.offset < body.size());
  FUZZ_CHECK(!violation.detail.empty());
  switch (violation.rule) {
    case Rule::close_payload_one_byte:
      FUZZ_CHECK(body.size() == 1);
      break;
    case Rule::invalid_close_code:
      FUZZ_CHECK(body.size() >= 2 && !wire::close_code_sendable((body[0] << 8) | body[1]));
      break;
    case Rule::invalid_utf8_close_reason:
      FUZZ_CHECK(body.size() >= 2 && violation.offset >= 2);
      FUZZ_CHECK(!wire::is_valid_utf8(body.subspan(2)));
      break;
    default:
      wsconform::fuzz::invariant_failed("violation.rule is a close-body rule", __FILE__, __LINE__);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView body(data, size);
  const auto parsed = wire::parse_close_payload(body);
  const auto* payload = std::get_if<wire::ClosePayload>(&parsed);
  FUZZ_CHECK((payload != nullptr) == acceptable_body(body));
  if (payload) {
    check_success(body, *payload);
  } else {
    check_violation(body, std::get<wire::Violation>(parsed));
  }
  return 0;
}
