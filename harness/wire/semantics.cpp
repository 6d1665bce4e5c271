// Comparisons between neighbouring close codes and HTTP statuses, for `explain` and the reports.
// Sources: the IANA WebSocket Close Code Number Registry (1012-1014), RFC 9110 §15.6 (500 vs 1011),
// RFC 6455 and the IANA registry for the rest.
#include <array>

#include "wire/semantics.hpp"

namespace wsconform::wire {
namespace {

constexpr Subject close_code(int code) {
  return {Subject::Kind::close_code, code};
}
constexpr Subject http_status(int status) {
  return {Subject::Kind::http_status, status};
}

constexpr std::array kComparisons{
    Comparison{
        http_status(500), close_code(1011),
        "Both report an unexpected server-side failure. HTTP 500 is a status line that ends a "
        "single request; 1011 arrives in a Close frame and ends the whole persistent connection, "
        "so data in flight may be lost.",
        "Answer with HTTP 500 when the server fails before the handshake completes; once the "
        "connection is open, close it with 1011. After 500 the client retries the request; after "
        "1011 it must reconnect, with backoff."},
    Comparison{
        close_code(1011), close_code(1012),
        "1011 reports an unexpected failure, a bug or a crash; 1012 announces a planned restart, "
        "such as a deployment or configuration reload, after which the service is back shortly.",
        "Send 1011 when an unhandled error forces the close, and fix the bug; send 1012 when "
        "closing connections on purpose to restart. Clients reconnect after 1-5 s on 1012, with "
        "backoff on 1011."},
    Comparison{
        close_code(1011), close_code(1013),
        "1011 means something broke unexpectedly; 1013 means the server is running and healthy "
        "but temporarily overloaded or throttling.",
        "Send 1013 when shedding load, so clients back off (from 1 s, doubling); send 1011 for "
        "unhandled errors, and fix the bug behind them."},
    Comparison{close_code(1012), close_code(1013),
               "1012 says the server is restarting and will be back shortly; 1013 says it is still "
               "running but cannot serve more clients right now.",
               "Send 1012 for deployments and reloads (clients retry after 1-5 s); send 1013 under "
               "overload (clients back off exponentially from 1 s)."},
    Comparison{
        close_code(1005), close_code(1011),
        "1005 never travels on the wire: a library reports it locally when a Close frame carried "
        "no status code. 1011 is sent in a Close frame by a server that hit an unexpected error.",
        "A server sends 1011, never 1005. To close without giving a code it sends a Close frame "
        "with an empty payload, which the peer then reports as 1005."},
    Comparison{
        close_code(1002), close_code(1011),
        "1002 blames the peer: it sent data that violates RFC 6455, such as a malformed header, "
        "incorrect masking or a reserved opcode. 1011 blames the server itself: an unexpected "
        "internal condition.",
        "Send 1002 when the received frames are invalid; send 1011 when they are valid but "
        "handling them failed. After 1002 fix the client or proxy; after 1011 fix the server."},
    Comparison{
        close_code(1005), close_code(1006),
        "Both are local sentinels that MUST NOT be sent. 1005: a Close frame arrived without a "
        "status code. 1006: the connection ended with no Close frame at all, e.g. the TCP "
        "connection was lost (§7.1.5).",
        "Neither is ever sent. An endpoint that wants its peer to see 1005 sends an empty Close "
        "frame; 1006 means the closing handshake never happened, so look at the transport."},
    Comparison{
        close_code(1013), http_status(503),
        "Both say the server is temporarily overloaded. 1013 closes a WebSocket connection that "
        "is already open; 503 refuses the opening handshake of a new one and can say when to "
        "return in Retry-After.",
        "Answer new handshakes past capacity with 503 and Retry-After; close live connections "
        "with 1013. Clients honour Retry-After when given and otherwise back off exponentially."},
    Comparison{
        close_code(1001), close_code(1012),
        "1001 says the endpoint is going away (a server shutting down, a browser leaving the "
        "page) with no promise of return; 1012 says the server is restarting and will be back "
        "shortly.",
        "Send 1012 for a restart or deployment, so clients reconnect after 1-5 s; send 1001 when "
        "shutting down for good or for an unknown time, so clients reconnect later, with "
        "backoff."},
    Comparison{
        close_code(1002), close_code(1007),
        "1002 is about the framing: the frame itself breaks RFC 6455 (header, masking, opcode). "
        "1007 is about the content: the frames are valid but a message's data contradicts its "
        "type, such as invalid UTF-8 in a text message.",
        "Send 1007 for invalid UTF-8 in a text message (§8.1); send 1002 for violations of the "
        "frame format and the protocol's rules (§5)."},
    Comparison{
        close_code(1009), close_code(1002),
        "1009 means a valid message is larger than the receiver is willing to process; 1002 means "
        "the data breaks the protocol itself, e.g. a control frame over 125 bytes (§5.5) or a "
        "64-bit length with its most significant bit set (§5.2).",
        "Send 1009 when a well-formed message exceeds your own size limit (§10.4); send 1002 "
        "when the length or the framing is invalid by the RFC."},
    Comparison{
        close_code(1000), close_code(1001),
        "1000 means the connection did what it was opened for and ends normally; 1001 means the "
        "endpoint is leaving (server going down, browser navigating away).",
        "Send 1000 when the session is finished; send 1001 when shutting down or leaving the "
        "page."},
    Comparison{
        close_code(1003), close_code(1007),
        "1003 rejects a whole type of data (binary sent to a text-only endpoint); 1007 rejects "
        "data inside a message that contradicts the message's type (non-UTF-8 in text).",
        "Send 1003 when you never accept that message type; send 1007 when the type is fine but "
        "the content is invalid for it."},
    Comparison{
        close_code(1008), close_code(1009),
        "1009 says precisely that a message was too big; 1008 is the generic policy code, for "
        "when no more specific code fits or the policy must stay hidden.",
        "Prefer 1009 (or 1003) when it fits; use 1008 for other policy violations."},
    Comparison{
        close_code(1011), close_code(1014),
        "1011: the server itself failed. 1014: the server is a gateway or proxy and its upstream "
        "sent an invalid response, like HTTP 502.",
        "An application server sends 1011 when its own handling fails; a gateway sends 1014 when "
        "the server behind it fails."},
    Comparison{
        http_status(400), http_status(426),
        "400 says the handshake request is malformed; 426 says it asks for a WebSocket version "
        "the server does not support, and lists the supported ones in Sec-WebSocket-Version.",
        "Answer an unsupported version with 426 and Sec-WebSocket-Version (§4.2.2); §4.4's "
        "example uses 400 with the same header, which is also valid. Any other malformed "
        "handshake gets 400 (§4.2.1)."},
};

}  // namespace

std::span<const Comparison> all_comparisons() {
  return kComparisons;
}

std::vector<const Comparison*> comparisons_for(Subject subject) {
  std::vector<const Comparison*> found;
  for (const Comparison& comparison : kComparisons) {
    if (comparison.a == subject || comparison.b == subject) found.push_back(&comparison);
  }
  return found;
}

}  // namespace wsconform::wire
