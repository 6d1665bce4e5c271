#include "wire/semantics.hpp"

namespace wsconform::wire {

// RFC 6455 §7.4.1/§7.4.2 and the IANA registry: which codes an endpoint may put on the wire.
bool close_code_sendable(std::uint32_t code) {
  if (code < 1000) return false;  // §7.4.2: 0-999 not used
  if (code <= 1003) return true;  // 1000 normal, 1001 going away, 1002 protocol, 1003 data type
  if (code <= 1006) return false;  // 1004 reserved, 1005/1006 local sentinels (§7.4.1)
  if (code <= 1014) return true;   // 1007-1011 (§7.4.1), 1012-1014 (IANA registry)
  if (code < 3000) return false;   // 1015 local sentinel; 1016-2999 unassigned
  return code <= 4999;             // 3000-3999 registered, 4000-4999 private use; 5000+ invalid
}

}  // namespace wsconform::wire
