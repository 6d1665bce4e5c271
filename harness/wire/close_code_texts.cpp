// What each close code means, when you see it, how to fix it and what a client should do.
// Sources: RFC 6455 §7.4.1/§7.4.2, the IANA WebSocket Close Code Number Registry (1012-1014) and
// the IANA WebSocket Close Code Number Registry (1012, 1013, 1014).
#include <array>
#include <chrono>

#include "wire/detail/close_code_texts.hpp"

namespace wsconform::wire::detail {
namespace {

using namespace std::chrono_literals;
using Reconnect = ClientAdvice::Reconnect;

constexpr std::string_view kRfcDefined = "RFC 6455 §7.4.1";
constexpr std::string_view kIanaRegistry = "IANA WebSocket Close Code Number Registry";
constexpr std::string_view kRfcRanges = "RFC 6455 §7.4.2";

struct DefinedCloseCode {
  std::uint16_t code;
  Semantics semantics;
};

constexpr std::uint16_t kFirstDefined = 1000;

// Ordered by code, one entry per number from 1000 to 1015 (checked below).
constexpr std::array<DefinedCloseCode, 16> kDefinedCloseCodes{{
    {1000,
     {.name = "Normal Closure",
      .meaning = "The purpose the connection was opened for has been fulfilled; the endpoint is "
                 "ending it cleanly.",
      .when_you_see_it = "An endpoint ends a session on purpose: the work is done, the user "
                         "logged out, the application closed the socket.",
      .how_to_fix = "Nothing to fix: this is the expected way to end a connection.",
      .advice = {.reconnect = Reconnect::yes,
                 .text = "Reconnecting is fine whenever the application needs a new session."},
      .reference = kRfcDefined}},
    {1001,
     {.name = "Going Away",
      .meaning = "The endpoint is going away, such as a server going down or a browser "
                 "navigating away from the page.",
      .when_you_see_it = "A server shuts down, or a browser leaves the page that opened the "
                         "connection.",
      .how_to_fix = "Usually nothing: reconnect later. If a server sends it often, find out why "
                    "it keeps shutting down.",
      .advice = {.reconnect = Reconnect::yes,
                 .text = "Reconnect later, backing off between attempts in case the server is "
                         "still down."},
      .reference = kRfcDefined}},
    {1002,
     {.name = "Protocol Error",
      .meaning = "The endpoint received data that violates the WebSocket protocol (RFC 6455) and "
                 "is ending the connection.",
      .when_you_see_it = "The peer broke the framing: a malformed frame header, incorrect "
                         "masking, or a reserved opcode. This usually points to a broken client "
                         "or a proxy.",
      .how_to_fix = "Make both client and server follow the RFC 6455 framing rules strictly, and "
                    "inspect intermediary proxies that may corrupt frames.",
      .advice = {.reconnect = Reconnect::no,
                 .text = "Do not retry blindly: fix the sender, or the proxy in between, first."},
      .reference = kRfcDefined}},
    {1003,
     {.name = "Unsupported Data",
      .meaning = "The endpoint received a type of data it cannot accept, e.g. a binary message "
                 "sent to an endpoint that only understands text.",
      .when_you_see_it = "The sender used a message type (text or binary) that the receiving "
                         "application does not handle.",
      .how_to_fix = "Send the message type the peer expects (see its API or subprotocol).",
      .advice = {.reconnect = Reconnect::no,
                 .text = "Do not resend the same message: change its type first."},
      .reference = kRfcDefined}},
    {1004,
     {.name = "Reserved",
      .meaning = "Reserved: its meaning might be defined in the future. No endpoint may send it "
                 "today.",
      .when_you_see_it = "Only from a broken peer: a Close frame carrying 1004 is not valid.",
      .how_to_fix = "Fix the sender: use a defined code (1000-1003, 1007-1014) or one from "
                    "3000-4999.",
      .advice = {.reconnect = Reconnect::not_applicable,
                 .text = "No advice: a conformant endpoint never sends this code."},
      .reference = kRfcDefined}},
    {1005,
     {.name = "No Status Received",
      .meaning = "A reserved value meaning that no status code was present in the Close frame. "
                 "An endpoint MUST NOT put it in a Close frame.",
      .when_you_see_it = "The peer closed with a Close frame whose payload had no status code; "
                         "the local WebSocket library reports 1005 as a sentinel for that "
                         "absence (§7.1.5).",
      .how_to_fix = "It is a local indicator, never a value on the wire. If it shows up often, the "
                    "peer may be sending empty Close frames by mistake: check its "
                    "implementation.",
      .advice = {.reconnect = Reconnect::not_applicable,
                 .text = "A local sentinel: it never arrives from the peer, so it carries no "
                         "retry advice."},
      .reference = kRfcDefined}},
    {1006,
     {.name = "Abnormal Closure",
      .meaning = "A reserved value meaning that the connection was closed abnormally, without a "
                 "Close frame being sent or received. An endpoint MUST NOT put it in a Close "
                 "frame.",
      .when_you_see_it = "The transport was lost before any closing handshake: the peer crashed, "
                         "the TCP connection was reset, or a timeout or proxy cut it (§7.1.5).",
      .how_to_fix = "Look at the transport: the peer's process, the network, proxies and idle "
                    "timeouts.",
      .advice = {.reconnect = Reconnect::not_applicable,
                 .text = "A local sentinel: it never arrives from the peer, so it carries no "
                         "retry advice."},
      .reference = kRfcDefined}},
    {1007,
     {.name = "Invalid Frame Payload Data",
      .meaning = "The endpoint received data within a message that is not consistent with the "
                 "message's type, e.g. non-UTF-8 data within a text message.",
      .when_you_see_it = "A text message contained invalid UTF-8 (§8.1), or a payload otherwise "
                         "contradicted its declared type.",
      .how_to_fix = "Encode text messages as valid UTF-8 and send arbitrary bytes as binary "
                    "messages.",
      .advice = {.reconnect = Reconnect::no,
                 .text = "Do not resend the same data: fix its encoding first."},
      .reference = kRfcDefined}},
    {1008,
     {.name = "Policy Violation",
      .meaning = "The endpoint received a message that violates its policy. It is the generic "
                 "code when no more specific one (such as 1003 or 1009) fits, or when the policy's "
                 "details must stay hidden.",
      .when_you_see_it = "The application rejected a message: failed authorization, a rate limit, "
                         "forbidden content.",
      .how_to_fix = "Learn the peer's policy (authentication, permissions, content rules) and "
                    "change the messages that break it.",
      .advice = {.reconnect = Reconnect::no,
                 .text = "Do not retry blindly: change what broke the policy first."},
      .reference = kRfcDefined}},
    {1009,
     {.name = "Message Too Big",
      .meaning = "The endpoint received a message that is too big for it to process.",
      .when_you_see_it = "A frame or a reassembled message exceeded the receiver's size limit "
                         "(§10.4).",
      .how_to_fix = "Send smaller messages (split them at the application level) or raise the "
                    "receiver's limit.",
      .advice = {.reconnect = Reconnect::no,
                 .text = "Do not resend the same message: make it smaller first."},
      .reference = kRfcDefined}},
    {1010,
     {.name = "Mandatory Extension",
      .meaning = "A client is ending the connection because it expected the server to negotiate "
                 "one or more extensions and the server's handshake response did not include "
                 "them; the close reason SHOULD list the missing extensions.",
      .when_you_see_it = "Only from a client: a server never sends it, because it can fail the "
                         "handshake instead.",
      .how_to_fix = "Enable the extensions named in the close reason on the server, or stop "
                    "requiring them in the client.",
      .advice = {.reconnect = Reconnect::no,
                 .text = "Do not retry until the server offers the extension or the client stops "
                         "requiring it."},
      .reference = kRfcDefined}},
    {1011,
     {.name = "Internal Error",
      .meaning = "The server is ending the connection because an unexpected condition kept it "
                 "from fulfilling the request. It is the WebSocket counterpart of HTTP 500, but it "
                 "ends the whole persistent connection, not one request.",
      .when_you_see_it = "The server hit an unhandled exception or crashed while processing a "
                         "message, or a backend it depends on failed.",
      .how_to_fix = "Read the server's logs for the stack trace or exception, fix the underlying "
                    "bug, and put error handling around message processing.",
      // The sources give no starting delay for 1011, so first_delay stays 0 (unspecified).
      .advice = {.reconnect = Reconnect::with_backoff,
                 .doubling = true,
                 .text = "Reconnect automatically with exponential backoff; messages in flight "
                         "may have been lost."},
      .reference = kRfcDefined}},
    {1012,
     {.name = "Service Restart",
      .meaning = "The server is ending the connection because it is restarting; the client "
                 "should reconnect after a brief delay.",
      .when_you_see_it = "A planned restart, such as a deployment or a configuration reload; the "
                         "service will be available again shortly.",
      .how_to_fix = "Nothing to fix on the server. Clients should reconnect automatically after "
                    "a short delay (1-5 s), which should succeed once the server is back up.",
      .advice = {.reconnect = Reconnect::after_delay,
                 .first_delay = 1000ms,
                 .max_delay = 5000ms,
                 .text = "Reconnect after a short delay of 1 to 5 seconds."},
      .reference = kIanaRegistry}},
    {1013,
     {.name = "Try Again Later",
      .meaning = "The server is ending the connection because of a temporary condition, such as "
                 "overload; the client should reconnect after backing off.",
      .when_you_see_it = "The server is overloaded or throttling connections. Unlike 1012 it is "
                         "not restarting: it is running but cannot serve more clients right now.",
      .how_to_fix = "Clients: reconnect with exponential backoff starting at 1 s and doubling each "
                    "attempt. If it persists, look at server capacity: scale out or reduce the "
                    "number of concurrent connections.",
      .advice = {.reconnect = Reconnect::with_backoff,
                 .first_delay = 1000ms,
                 .doubling = true,
                 .text = "Reconnect with exponential backoff: wait 1 s, then double the wait on "
                         "each attempt."},
      .reference = kIanaRegistry}},
    {1014,
     {.name = "Bad Gateway",
      .meaning = "The server was acting as a gateway or proxy and received an invalid response "
                 "from the upstream server (like HTTP 502).",
      .when_you_see_it = "A WebSocket proxy or gateway could not get a valid response from the "
                         "server behind it.",
      .how_to_fix = "Check the upstream server and the gateway's connection to it: its address, "
                    "its health, the protocol it speaks.",
      // The sources give no starting delay for 1014, so first_delay stays 0 (unspecified).
      .advice = {.reconnect = Reconnect::with_backoff,
                 .doubling = true,
                 .text = "Reconnect with exponential backoff while the upstream recovers."},
      .reference = kIanaRegistry}},
    {1015,
     {.name = "TLS Handshake",
      .meaning = "A reserved value meaning that the connection was closed because the TLS "
                 "handshake failed (e.g. the server certificate could not be verified). An "
                 "endpoint MUST NOT put it in a Close frame.",
      .when_you_see_it = "Reported locally when the TLS handshake failed, before any WebSocket "
                         "traffic.",
      .how_to_fix = "Fix the TLS setup: the certificate chain and host name, the trusted "
                    "authorities, the protocol versions and ciphers.",
      .advice = {.reconnect = Reconnect::not_applicable,
                 .text = "A local sentinel: it never arrives from the peer, so it carries no "
                         "retry advice."},
      .reference = kRfcDefined}},
}};

constexpr bool defined_codes_are_consecutive() {
  for (std::size_t i = 0; i < kDefinedCloseCodes.size(); ++i) {
    if (kDefinedCloseCodes[i].code != kFirstDefined + i) return false;
  }
  return true;
}
static_assert(defined_codes_are_consecutive(), "the table is indexed by code - 1000");

constexpr std::uint32_t kLastDefined = kFirstDefined + kDefinedCloseCodes.size() - 1;

// §7.4.2: 0-999 are not used.
constexpr Semantics kUnusedCode{
    .name = "Not Used",
    .meaning = "Codes 0-999 are not used: no endpoint may send one.",
    .when_you_see_it = "Only from a broken peer; a receiver should fail the connection.",
    .how_to_fix =
        "Fix the sender: use a defined code (1000-1003, 1007-1014) or one from "
        "3000-4999.",
    .advice = {.reconnect = Reconnect::not_applicable,
               .text = "No advice: a conformant endpoint never sends this code."},
    .reference = kRfcRanges};

// §7.4.2: 1000-2999 belong to the protocol; those without a registry entry are unassigned.
constexpr Semantics kUnassignedCode{
    .name = "Unassigned",
    .meaning =
        "Reserved for future revisions of the protocol and for extensions with a public "
        "specification, but not assigned yet: no endpoint may send it.",
    .when_you_see_it =
        "Only from a broken peer, or one implementing a later specification; a "
        "receiver should fail the connection.",
    .how_to_fix =
        "Fix the sender: use a defined code (1000-1003, 1007-1014) or one from "
        "3000-4999.",
    .advice = {.reconnect = Reconnect::not_applicable,
               .text = "No advice: a conformant endpoint never sends this code."},
    .reference = kRfcRanges};

// §7.4.2: 3000-3999 are registered with IANA by libraries, frameworks and applications.
constexpr Semantics kLibraryCode{
    .name = "Library or Framework Code",
    .meaning =
        "A code registered with IANA by a library, framework or application; RFC 6455 "
        "does not define what it means.",
    .when_you_see_it = "The peer's library or framework chose it to report its own condition.",
    .how_to_fix =
        "Look the code up in the IANA registry or in the sending library's "
        "documentation.",
    .advice = {.reconnect = Reconnect::not_applicable,
               .text = "Whether to reconnect depends on the library that defined the code."},
    .reference = kRfcRanges};

// §7.4.2: 4000-4999 are for private use by prior agreement.
constexpr Semantics kPrivateCode{
    .name = "Private Use",
    .meaning =
        "A code for private use, agreed between the two applications beforehand; it "
        "cannot be registered and RFC 6455 does not define what it means.",
    .when_you_see_it = "The peer application chose it to report its own condition.",
    .how_to_fix = "Look the code up in the application protocol both peers agreed on.",
    .advice = {.reconnect = Reconnect::not_applicable,
               .text = "Whether to reconnect depends on the applications' own agreement."},
    .reference = kRfcRanges};

// §7.4.2 names no range above 4999: such a number is not a close code.
constexpr Semantics kInvalidCode{
    .name = "Invalid",
    .meaning = "Outside every range of RFC 6455 §7.4.2: not a close code at all.",
    .when_you_see_it = "Only from a broken peer; a receiver should fail the connection.",
    .how_to_fix =
        "Fix the sender: use a defined code (1000-1003, 1007-1014) or one from "
        "3000-4999.",
    .advice = {.reconnect = Reconnect::not_applicable,
               .text = "No advice: a conformant endpoint never sends this code."},
    .reference = kRfcRanges};

}  // namespace

const Semantics* defined_close_code_semantics(std::uint32_t code) {
  if (code < kFirstDefined || code > kLastDefined) return nullptr;
  return &kDefinedCloseCodes[code - kFirstDefined].semantics;
}

const Semantics& undefined_close_code_semantics(std::uint32_t code) {
  if (code < 1000) return kUnusedCode;
  if (code < 3000) return kUnassignedCode;
  if (code < 4000) return kLibraryCode;
  if (code < 5000) return kPrivateCode;
  return kInvalidCode;
}

}  // namespace wsconform::wire::detail
