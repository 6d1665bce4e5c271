// The RFC 6455 rules the decoder enforces: each violation names its rule, section and close code.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wsconform::wire {

enum class Rule : std::uint8_t {
  unmasked_client_frame,                 // §5.1: a client MUST mask every frame it sends
  masked_server_frame,                   // §5.1: a server MUST NOT mask any frame it sends
  rsv_bit_without_extension,             // §5.2: RSV1-3 MUST be 0 unless an extension defines them
  reserved_opcode,                       // §5.2: opcodes 3-7 and 11-15 are reserved
  control_frame_too_long,                // §5.5: control frames carry at most 125 bytes
  fragmented_control_frame,              // §5.5: control frames MUST NOT be fragmented
  continuation_without_message,          // §5.4: a continuation needs a message in progress
  data_frame_inside_fragmented_message,  // §5.4: fragments of one message are not interleaved
  non_minimal_length,                    // §5.2: the minimal number of bytes MUST be used
  length_top_bit_set,         // §5.2: the 64-bit length's most significant bit MUST be 0
  close_payload_one_byte,     // §5.5.1: a close body, if any, starts with a 2-byte code
  invalid_close_code,         // §7.4: codes that may not appear on the wire
  invalid_utf8_close_reason,  // §5.5.1: the close reason is UTF-8
  invalid_utf8_text,          // §8.1: text messages are UTF-8
  message_too_big,            // §10.4 / §7.4.1 1009: a local size limit was exceeded
};

struct RuleInfo {
  std::string_view id;       // stable, e.g. "unmasked-client-frame"
  std::string_view section;  // e.g. "5.1"
  std::string_view summary;  // one sentence: what the rule says
  std::uint16_t close_code;  // what an endpoint failing the connection should send (1002/1007/1009)
};

const RuleInfo& rule_info(Rule rule);

struct Violation {
  Rule rule;
  std::string detail;        // what was seen, e.g. "opcode 0x3"
  std::uint64_t offset = 0;  // byte offset in the decoded stream where it was proved
};

}  // namespace wsconform::wire
