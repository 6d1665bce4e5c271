#include "scenario/judge/invariants.hpp"

#include <algorithm>
#include <optional>

#include "scenario/judge/burst.hpp"
#include "scenario/judge/describe.hpp"
#include "wire/rules.hpp"
#include "wire/semantics.hpp"
#include "wire/utf8.hpp"

namespace wsconform::scenario::judge_detail {

namespace {

using Failures = std::vector<std::string>;

// What the server did to break `rule`, in plain words (the decoder found it in the server's bytes).
std::string_view server_action(wire::Rule rule) {
  switch (rule) {
    case wire::Rule::masked_server_frame:  // §5.1: a server MUST NOT mask its frames
      return "the server sent a masked frame";
    case wire::Rule::rsv_bit_without_extension:  // §5.2: RSV1-3 are 0 without an extension
      return "the server set an RSV bit without a negotiated extension";
    case wire::Rule::reserved_opcode:  // §5.2: opcodes 3-7 and 11-15 are reserved
      return "the server sent a frame with a reserved opcode";
    case wire::Rule::control_frame_too_long:  // §5.5: control payloads are at most 125 bytes
      return "the server sent a control frame longer than 125 bytes";
    case wire::Rule::fragmented_control_frame:  // §5.5: control frames are never fragmented
      return "the server sent a fragmented control frame";
    case wire::Rule::continuation_without_message:  // §5.4: a continuation needs a message open
      return "the server sent a continuation frame with no message in progress";
    case wire::Rule::data_frame_inside_fragmented_message:  // §5.4: no interleaved messages
      return "the server started a new data message inside a fragmented one";
    case wire::Rule::non_minimal_length:  // §5.2: the minimal length encoding MUST be used
      return "the server encoded a payload length in more bytes than needed";
    case wire::Rule::length_top_bit_set:  // §5.2: the 64-bit length's top bit MUST be 0
      return "the server set the top bit of a 64-bit payload length";
    case wire::Rule::close_payload_one_byte:  // §5.5.1: a close body starts with a 2-byte code
      return "the server sent a close frame with a 1-byte body";
    case wire::Rule::invalid_close_code:  // §7.4: only some codes may be on the wire
      return "the server sent a close code that may not be on the wire";
    case wire::Rule::invalid_utf8_close_reason:  // §5.5.1: the close reason is UTF-8
      return "the server sent a close reason that is not valid UTF-8";
    case wire::Rule::invalid_utf8_text:  // §8.1: text messages are UTF-8
      return "the server sent a text message that is not valid UTF-8";
    case wire::Rule::unmasked_client_frame:  // §5.1: a client rule; should not come from a server
      return "the server's frames broke a masking rule";
    case wire::Rule::message_too_big:  // our own size limit, not a rule the server broke
      break;
  }
  return "the server's frames broke a framing rule";
}

// Why a code the server put in its close frame may not be there, or nullopt if it may. The
// ranges and sentinels come from wire::close_code_info, their one home.
std::optional<std::string> unsendable_close_code(std::uint16_t code) {
  const wire::CloseCodeInfo info = wire::close_code_info(code);
  if (info.sendable) return std::nullopt;
  const std::string lead = "the server sent close code " + describe_close_code(code);
  // §7.4.1: 1005, 1006 and 1015 "MUST NOT be set as a status code in a Close control frame".
  if (info.local_sentinel) {
    return lead + ", a local sentinel that MUST NOT be set as a status code in a Close frame " +
           "(§7.4.1)";
  }
  switch (info.range) {
    case wire::CloseCodeRange::unused:  // §7.4.2: 0-999 are not used
      return lead + ", in 0-999, which are not used (§7.4.2)";
    case wire::CloseCodeRange::protocol:
      // §7.4.1: 1004 is reserved; its meaning might be defined in the future.
      if (code == 1004) return lead + ", which is reserved (§7.4.1)";
      // §7.4.2: 1000-2999 are defined only by the protocol and its extensions.
      return lead + ", which is unassigned in the range reserved for the protocol (§7.4.2)";
    case wire::CloseCodeRange::libraries:
    case wire::CloseCodeRange::private_use:
    case wire::CloseCodeRange::out_of_range:  // §7.4.2: status codes end at 4999
      break;
  }
  return lead + ", outside every status code range (§7.4.2)";
}

// §4.2.2: a 101 answer carries the right Upgrade, Connection and Sec-WebSocket-Accept. A case
// about the handshake status may see other statuses; the problems matter only on a 101 then.
void check_upgrade(const Case& c, const Transcript& t, Failures& out) {
  if (t.upgrade_problems.empty()) return;
  const bool is_101 = t.response && t.response->status == 101;
  if (!c.expect.http_status.empty() && !is_101) return;
  out.push_back("the server's handshake response is not a valid upgrade (§4.2.2): " +
                join_list(t.upgrade_problems, "; "));
}

// §5.1: "A server MUST NOT mask any frames that it sends to the client."
bool any_masked_frame(const Transcript& t) {
  return std::any_of(t.frames_received.begin(), t.frames_received.end(),
                     [](const wire::Frame& frame) { return frame.masked; });
}

// The server's close frame: a 1-byte body (§5.5.1) or a code that may not be sent (§7.4).
std::optional<std::string> close_frame_failure(const Transcript& t) {
  if (!t.server_close) return std::nullopt;
  // §5.5.1: "If there is a body, the first two bytes of the body MUST be a 2-byte unsigned
  // integer": one byte cannot be a status code.
  if (t.server_close->body_size == 1) {
    return std::string(
        "the server sent a close frame with a 1-byte body, which cannot hold the 2-byte status "
        "code a body must start with (§5.5.1)");
  }
  if (t.server_close->code) {
    if (auto unsendable = unsendable_close_code(*t.server_close->code)) return unsendable;
  }
  // §5.5.1: after the code, the body is "UTF-8-encoded data with value /reason/"; a client that
  // reads it MUST fail the connection on anything else (§8.1).
  if (!wire::is_valid_utf8(t.server_close->reason)) {
    return "the server sent a close reason that is not valid UTF-8 (" +
           describe_payload(t.server_close->reason) +
           "): §5.5.1 defines the reason as UTF-8-encoded data, and §8.1 has the client fail the "
           "connection on it";
  }
  return std::nullopt;
}

void check_violation(const Transcript& t, bool close_frame_reported, Failures& out) {
  if (!t.server_violation) return;
  const wire::Violation& violation = *t.server_violation;
  if (violation.rule == wire::Rule::message_too_big) return;  // our limit, not the server's rule
  const bool about_close_frame = violation.rule == wire::Rule::invalid_close_code ||
                                 violation.rule == wire::Rule::close_payload_one_byte;
  if (about_close_frame && close_frame_reported) return;  // already said, with the code
  const wire::RuleInfo& rule = wire::rule_info(violation.rule);
  std::string sentence =
      std::string(server_action(violation.rule)) + " (§" + std::string(rule.section) + ")";
  if (!violation.detail.empty()) sentence += ": " + violation.detail;
  out.push_back(sentence);
  out.push_back("RFC 6455 §" + std::string(rule.section) + ": " + std::string(rule.summary));
}

}  // namespace

std::vector<std::string> invariant_failures(const Case& c, const Transcript& t) {
  Failures out;
  if (t.burst) check_broken_ends(*t.burst, out);
  check_upgrade(c, t, out);

  const std::optional<std::string> close_failure = close_frame_failure(t);
  check_violation(t, close_failure.has_value(), out);
  const bool masking_reported =
      t.server_violation && t.server_violation->rule == wire::Rule::masked_server_frame;
  if (!masking_reported && any_masked_frame(t)) {
    out.push_back("the server sent a masked frame (§5.1): a server MUST NOT mask its frames");
  }
  if (close_failure) out.push_back(*close_failure);

  // §5.5.1: "The application MUST NOT send any more data frames after sending a Close frame."
  if (t.data_after_server_close) {
    out.push_back("the server sent a data frame after its close frame (§5.5.1)");
  }
  // §5.5.1: "The server MUST close the underlying TCP connection immediately" once both close
  // frames are exchanged.
  if (t.tcp_kept_open_after_closes_us >= 0) {
    out.push_back("the server kept TCP open " +
                  std::to_string((t.tcp_kept_open_after_closes_us + 500) / 1000) +
                  " ms after both close frames were exchanged, until the harness gave up "
                  "waiting: after the closing handshake the server MUST close the underlying TCP "
                  "connection immediately (§5.5.1)");
  }
  return out;
}

}  // namespace wsconform::scenario::judge_detail
