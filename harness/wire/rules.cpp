#include "wire/rules.hpp"

namespace wsconform::wire {

const RuleInfo& rule_info(Rule rule) {
  // Indexed by the enum's order; each entry quotes the rule it stands for.
  static const RuleInfo kRules[] = {
      {"unmasked-client-frame", "5.1",
       "A client MUST mask all frames that it sends to the server; a server MUST close the "
       "connection upon receiving a frame that is not masked.",
       1002},
      {"masked-server-frame", "5.1",
       "A server MUST NOT mask any frames that it sends to the client; a client MUST close a "
       "connection if it detects a masked frame.",
       1002},
      {"rsv-bit-without-extension", "5.2",
       "RSV1, RSV2, RSV3 MUST be 0 unless an extension is negotiated that defines meanings for "
       "non-zero values.",
       1002},
      {"reserved-opcode", "5.2",
       "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket "
       "Connection_ (opcodes 0x3-0x7 and 0xB-0xF are reserved).",
       1002},
      {"control-frame-too-long", "5.5",
       "All control frames MUST have a payload length of 125 bytes or less.", 1002},
      {"fragmented-control-frame", "5.5", "All control frames MUST NOT be fragmented.", 1002},
      {"continuation-without-message", "5.4",
       "A continuation frame (opcode 0x0) is only valid after a data frame with FIN clear.", 1002},
      {"data-frame-inside-fragmented-message", "5.4",
       "The fragments of one message MUST NOT be interleaved between the fragments of another "
       "message unless an extension has been negotiated that can interpret the interleaving.",
       1002},
      {"non-minimal-length", "5.2",
       "In all cases, the minimal number of bytes MUST be used to encode the length.", 1002},
      {"length-top-bit-set", "5.2", "In the 64-bit length form the most significant bit MUST be 0.",
       1002},
      {"close-payload-one-byte", "5.5.1",
       "If there is a body, the first two bytes of the body MUST be a 2-byte unsigned integer "
       "representing a status code.",
       1002},
      {"invalid-close-code", "7.4",
       "A close code that is reserved, unassigned or out of range may not be sent; a receiver "
       "fails the connection.",
       1002},
      {"invalid-utf8-close-reason", "5.5.1",
       "The close reason is UTF-8-encoded data; invalid UTF-8 fails the connection (§8.1).", 1007},
      {"invalid-utf8-text", "8.1",
       "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is "
       "not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_.",
       1007},
      {"message-too-big", "10.4",
       "Implementations SHOULD impose an implementation-specific limit on frame size and the "
       "total message size; 1009 says a message was too big to process (§7.4.1).",
       1009},
  };
  return kRules[static_cast<std::size_t>(rule)];
}

}  // namespace wsconform::wire
