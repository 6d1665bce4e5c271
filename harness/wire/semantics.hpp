// What a close code or HTTP status means, when you see it, how to fix it, and what a client should
// do. The texts cite RFC 6455 §7.4, the IANA close-code registry and RFC 9110 §15.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace wsconform::wire {

// What a client should do after seeing the code or status.
struct ClientAdvice {
  enum class Reconnect : std::uint8_t {
    not_applicable,  // a local sentinel or a code that never reaches a client
    no,              // do not retry blindly: fix the sender or the request first
    yes,             // reconnecting is fine (e.g. after a normal closure)
    after_delay,     // reconnect after a short fixed delay (1012: 1-5 s)
    with_backoff,    // reconnect with exponential backoff (1011, 1013, 503)
  };
  Reconnect reconnect = Reconnect::not_applicable;
  std::chrono::milliseconds first_delay{0};  // delay before the first retry
  std::chrono::milliseconds max_delay{0};    // upper end of a fixed delay window; 0 if none
  bool doubling = false;                     // exponential backoff: double each attempt
  std::string_view text;                     // one sentence for people
};

struct Semantics {
  std::string_view name;             // "Internal Error", "Service Restart", ...
  std::string_view meaning;          // what the sender is saying
  std::string_view when_you_see_it;  // the situations that produce it
  std::string_view how_to_fix;       // what to change
  ClientAdvice advice;
  std::string_view reference;  // "RFC 6455 §7.4.1", "IANA WebSocket Close Code registry", ...
};

// Which numbers the registries classify.
enum class CloseCodeRange : std::uint8_t {
  unused,        // 0-999: not used (§7.4.2)
  protocol,      // 1000-2999: this protocol, its revisions and extensions (§7.4.2)
  libraries,     // 3000-3999: registered with IANA by libraries and frameworks (§7.4.2)
  private_use,   // 4000-4999: private use by applications (§7.4.2)
  out_of_range,  // 5000-65535: not a close code at all
};

struct CloseCodeInfo {
  std::uint16_t code = 0;
  CloseCodeRange range = CloseCodeRange::unused;
  bool defined = false;  // has a meaning in RFC 6455 §7.4.1 or the IANA registry
  // May an endpoint put it in a Close frame (§7.4.1, §7.4.2)? 1004, 1005, 1006, 1015, 0-999,
  // unassigned 1016-2999 and >= 5000 never; 3000-4999 yes.
  bool sendable = false;
  bool local_sentinel = false;  // 1005, 1006, 1015: reported locally, never on the wire
  Semantics semantics;          // generic text for codes without a definition
};

CloseCodeInfo close_code_info(std::uint32_t code);
// True iff an endpoint may send `code` and a receiver must accept it as valid (§7.4).
bool close_code_sendable(std::uint32_t code);

struct HttpStatusInfo {
  int status = 0;
  bool judged = false;  // 101, 400, 426, 500, 503: the statuses the harness has rules for
  std::string_view required_header;  // 426: "Sec-WebSocket-Version"; 503: "Retry-After" (SHOULD)
  Semantics semantics;
};

HttpStatusInfo http_status_info(int status);

// A comparison between two neighbours ("1011 vs 1012"), for `explain` and the reports.
struct Subject {
  enum class Kind : std::uint8_t { close_code, http_status };
  Kind kind;
  int value;
  friend bool operator==(const Subject&, const Subject&) = default;
};

struct Comparison {
  Subject a;
  Subject b;
  std::string_view key_difference;  // one or two sentences
  std::string_view which_when;      // which one a server should use, and when
};

std::span<const Comparison> all_comparisons();
// Comparisons in which `subject` takes part (either side).
std::vector<const Comparison*> comparisons_for(Subject subject);

}  // namespace wsconform::wire
