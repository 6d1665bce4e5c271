#include "wire/rules.hpp"

#include <cstddef>
#include <iterator>

namespace wsconform::wire {

namespace {

struct RuleEntry {
  Rule rule;
  RuleInfo info;
};

// Each entry quotes the rule it stands for.
constexpr RuleEntry kRules[] = {
    {Rule::unmasked_client_frame,
     {"unmasked-client-frame", "5.1",
      "A client MUST mask all frames that it sends to the server; a server MUST close the "
      "connection upon receiving a frame that is not masked.",
      1002}},
    {Rule::masked_server_frame,
     {"masked-server-frame", "5.1",
      "A server MUST NOT mask any frames that it sends to the client; a client MUST close a "
      "connection if it detects a masked frame.",
      1002}},
    {Rule::rsv_bit_without_extension,
     {"rsv-bit-without-extension", "5.2",
      "RSV1, RSV2, RSV3 MUST be 0 unless an extension is negotiated that defines meanings for "
      "non-zero values.",
      1002}},
    {Rule::reserved_opcode,
     {"reserved-opcode", "5.2",
      "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket "
      "Connection_ (opcodes 0x3-0x7 and 0xB-0xF are reserved).",
      1002}},
    {Rule::control_frame_too_long,
     {"control-frame-too-long", "5.5",
      "All control frames MUST have a payload length of 125 bytes or less.", 1002}},
    {Rule::fragmented_control_frame,
     {"fragmented-control-frame", "5.5", "All control frames MUST NOT be fragmented.", 1002}},
    {Rule::continuation_without_message,
     {"continuation-without-message", "5.4",
      "A continuation frame (opcode 0x0) is only valid after a data frame with FIN clear.", 1002}},
    {Rule::data_frame_inside_fragmented_message,
     {"data-frame-inside-fragmented-message", "5.4",
      "The fragments of one message MUST NOT be interleaved between the fragments of another "
      "message unless an extension has been negotiated that can interpret the interleaving.",
      1002}},
    {Rule::non_minimal_length,
     {"non-minimal-length", "5.2",
      "In all cases, the minimal number of bytes MUST be used to encode the length.", 1002}},
    {Rule::length_top_bit_set,
     {"length-top-bit-set", "5.2", "In the 64-bit length form the most significant bit MUST be 0.",
      1002}},
    {Rule::close_payload_one_byte,
     {"close-payload-one-byte", "5.5.1",
      "If there is a body, the first two bytes of the body MUST be a 2-byte unsigned integer "
      "representing a status code.",
      1002}},
    {Rule::invalid_close_code,
     {"invalid-close-code", "7.4",
      "A close code that is reserved, unassigned or out of range may not be sent (§5.5.1, §7.4.1); "
      "what a receiver does with one is left undefined (§7.4), failing the connection is what it "
      "should do.",
      1002}},
    {Rule::invalid_utf8_close_reason,
     {"invalid-utf8-close-reason", "5.5.1",
      "The close reason is UTF-8-encoded data; a receiver that interprets it fails the connection "
      "on invalid UTF-8 (§8.1).",
      1007}},
    {Rule::invalid_utf8_text,
     {"invalid-utf8-text", "8.1",
      "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is "
      "not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_.",
      1007}},
    {Rule::message_too_big,
     {"message-too-big", "10.4",
      "Implementations SHOULD impose an implementation-specific limit on frame size and the "
      "total message size; 1009 says a message was too big to process (§7.4.1).",
      1009}},
};

// Entry i describes rule i: a rule added to the enum without its entry, or out of order, does not
// compile.
constexpr bool table_in_enum_order() {
  for (std::size_t i = 0; i < std::size(kRules); ++i) {
    if (kRules[i].rule != static_cast<Rule>(i)) return false;
  }
  return std::size(kRules) == static_cast<std::size_t>(Rule::message_too_big) + 1;
}
static_assert(table_in_enum_order(), "kRules must list every wire::Rule, in declaration order");

}  // namespace

const RuleInfo& rule_info(Rule rule) {
  return kRules[static_cast<std::size_t>(rule)].info;
}

}  // namespace wsconform::wire
