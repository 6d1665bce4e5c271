#include <algorithm>
#include <limits>

#include "wire/detail/close_code_texts.hpp"
#include "wire/semantics.hpp"

namespace wsconform::wire {
namespace {

// RFC 6455 §7.4.2: the ranges a close code falls in.
CloseCodeRange close_code_range(std::uint32_t code) {
  if (code < 1000) return CloseCodeRange::unused;       // 0-999: not used
  if (code < 3000) return CloseCodeRange::protocol;     // 1000-2999: the protocol and extensions
  if (code < 4000) return CloseCodeRange::libraries;    // 3000-3999: registered with IANA
  if (code < 5000) return CloseCodeRange::private_use;  // 4000-4999: by prior agreement
  return CloseCodeRange::out_of_range;                  // no range covers 5000 and up
}

// RFC 6455 §7.4.1 / §7.1.5: 1005, 1006 and 1015 are reported locally and MUST NOT be sent.
bool is_local_sentinel(std::uint32_t code) {
  return code == 1005 || code == 1006 || code == 1015;
}

}  // namespace

// RFC 6455 §7.4.1/§7.4.2 and the IANA registry: which codes an endpoint may put on the wire.
bool close_code_sendable(std::uint32_t code) {
  if (code < 1000) return false;   // §7.4.2: 0-999 not used
  if (code <= 1003) return true;   // 1000 normal, 1001 going away, 1002 protocol, 1003 data type
  if (code <= 1006) return false;  // 1004 reserved, 1005/1006 local sentinels (§7.4.1)
  if (code <= 1014) return true;   // 1007-1011 (§7.4.1), 1012-1014 (IANA registry)
  if (code < 3000) return false;   // 1015 local sentinel; 1016-2999 unassigned
  return code <= 4999;             // 3000-3999 registered, 4000-4999 private use; 5000+ invalid
}

CloseCodeInfo close_code_info(std::uint32_t code) {
  CloseCodeInfo info;
  // §5.5.1: the code is a 2-byte field, so wider inputs saturate at 65535 (still out of range).
  info.code = static_cast<std::uint16_t>(
      std::min<std::uint32_t>(code, std::numeric_limits<std::uint16_t>::max()));
  info.range = close_code_range(code);
  info.sendable = close_code_sendable(code);
  info.local_sentinel = is_local_sentinel(code);
  if (const Semantics* defined = detail::defined_close_code_semantics(code)) {
    info.defined = true;
    info.semantics = *defined;
  } else {
    info.semantics = detail::undefined_close_code_semantics(code);
  }
  return info;
}

}  // namespace wsconform::wire
