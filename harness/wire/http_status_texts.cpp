// What an HTTP status in answer to the opening handshake means, and what a client should do.
// Sources: RFC 6455 §4.1, §4.2.1, §4.2.2, §4.4; RFC 9110 §15; RFC 9110 §15.6.1 (HTTP 500).
#include <array>

#include "wire/semantics.hpp"

namespace wsconform::wire {
namespace {

using Reconnect = ClientAdvice::Reconnect;

struct JudgedStatus {
  int status;
  std::string_view required_header;
  Semantics semantics;
};

// The statuses the harness has rules for.
constexpr std::array<JudgedStatus, 5> kJudgedStatuses{{
    // §4.2.2 step 5: a server that accepts the connection answers 101.
    {101,
     {},
     {.name = "Switching Protocols",
      .meaning = "The server accepted the opening handshake and switched the connection to the "
                 "WebSocket protocol.",
      .when_you_see_it = "Every successful upgrade (§4.2.2); it comes with Upgrade: websocket, "
                         "Connection: Upgrade and the matching Sec-WebSocket-Accept.",
      .how_to_fix = "Nothing to fix. If the client still fails the connection, check the "
                    "response's Upgrade, Connection and Sec-WebSocket-Accept headers (§4.1).",
      .advice = {.reconnect = Reconnect::not_applicable,
                 .text = "Nothing to retry: the connection is open."},
      .reference = "RFC 6455 §4.2.2; RFC 9110 §15.2.2"}},
    // §4.2.1: a handshake that does not match the spec MUST be answered with an error such as 400.
    {400,
     {},
     {.name = "Bad Request",
      .meaning = "The server could not process the opening handshake because the request is "
                 "malformed.",
      .when_you_see_it =
          "The request broke §4.1/§4.2.1: not a GET, an HTTP version below 1.1, "
          "a missing or wrong Host, Upgrade, Connection, Sec-WebSocket-Key (16 bytes in "
          "base64) or Sec-WebSocket-Version, or broken HTTP syntax.",
      .how_to_fix = "Fix the request: compare it field by field with RFC 6455 §4.1.",
      .advice = {.reconnect = Reconnect::no,
                 .text = "Do not retry the same request blindly: fix it first."},
      .reference = "RFC 6455 §4.2.1, §4.2.2; RFC 9110 §15.5.1"}},
    // §4.2.2 /version/ and §4.4: an unsupported version is refused with the supported ones listed.
    {426,
     "Sec-WebSocket-Version",
     {.name = "Upgrade Required",
      .meaning = "The server does not support the WebSocket version the client asked for; its "
                 "Sec-WebSocket-Version header lists the versions it does support.",
      .when_you_see_it = "The client's Sec-WebSocket-Version named a version the server does not "
                         "understand (§4.2.2, §4.4).",
      .how_to_fix = "Repeat the handshake with one of the versions listed in the response's "
                    "Sec-WebSocket-Version header.",
      .advice = {.reconnect = Reconnect::no,
                 .text = "Do not retry unchanged: retry with a version the server listed."},
      .reference = "RFC 6455 §4.2.2, §4.4; RFC 9110 §15.5.22"}},
    {500,
     {},
     {.name = "Internal Server Error",
      .meaning = "The server hit an unexpected condition that kept it from fulfilling the "
                 "request: a generic catch-all for server-side errors.",
      .when_you_see_it = "An unhandled exception, a failed database connection or a bug in the "
                         "server code that handles the upgrade request.",
      .how_to_fix = "Read the server logs for the stack trace. Common causes: unhandled "
                    "exceptions, database errors, misconfiguration.",
      .advice = {.reconnect = Reconnect::with_backoff,
                 .doubling = true,
                 .text = "Retry with exponential backoff while the server's fault is fixed."},
      .reference = "RFC 9110 §15.6.1"}},
    // RFC 9110 §15.6.4: temporary overload or maintenance; Retry-After (§10.2.3) says how long.
    {503,
     "Retry-After",
     {.name = "Service Unavailable",
      .meaning = "The server cannot handle the request right now because it is overloaded or down "
                 "for maintenance; the condition is temporary.",
      .when_you_see_it = "The server is past its capacity for new connections, or in maintenance. "
                         "A Retry-After header should say when to come back (RFC 9110 itself "
                         "only permits it).",
      .how_to_fix = "Clients: honour Retry-After; without it, back off exponentially. Servers: "
                    "add capacity, or send Retry-After so clients do not retry too early.",
      .advice = {.reconnect = Reconnect::with_backoff,
                 .doubling = true,
                 .text = "Wait as long as Retry-After says; without it, retry with exponential "
                         "backoff."},
      .reference = "RFC 9110 §15.6.4, §10.2.3"}},
}};

// RFC 9110 §15: statuses the harness has no rule for are explained by their class.
constexpr Semantics kInformational{
    .name = "Informational",
    .meaning = "An interim response: the final answer to the handshake is still to come.",
    .when_you_see_it = "Rare in a handshake. Only 101 completes the upgrade (§4.1).",
    .how_to_fix = "Wait for the final response; the upgrade succeeds only with 101.",
    .advice = {.reconnect = Reconnect::not_applicable,
               .text = "Nothing to retry yet: the final response has not arrived."},
    .reference = "RFC 9110 §15.2"};

constexpr Semantics kSuccessful{
    .name = "Successful",
    .meaning =
        "The request succeeded as plain HTTP, but the server did not switch protocols, so "
        "the WebSocket handshake failed (§4.1).",
    .when_you_see_it =
        "The resource is not a WebSocket endpoint, or a proxy answered in its "
        "place and dropped the Upgrade.",
    .how_to_fix =
        "Point the client at the WebSocket resource and check that proxies forward the "
        "Upgrade and Connection headers.",
    .advice = {.reconnect = Reconnect::no,
               .text = "Do not retry unchanged: the same request will not be upgraded."},
    .reference = "RFC 9110 §15.3; RFC 6455 §4.1"};

constexpr Semantics kRedirection{
    .name = "Redirection",
    .meaning =
        "The server redirects the client to another URI, as §4.2.2 allows; clients are "
        "not required to follow.",
    .when_you_see_it = "The WebSocket endpoint moved; the Location header names where to.",
    .how_to_fix = "Connect to the URI in Location, or update the configured endpoint.",
    .advice = {.reconnect = Reconnect::yes, .text = "Reconnect to the URI in Location."},
    .reference = "RFC 9110 §15.4; RFC 6455 §4.2.2"};

constexpr Semantics kClientError{
    .name = "Client Error",
    .meaning =
        "The server refused the handshake because of the request: credentials, "
        "permissions, the resource asked for.",
    .when_you_see_it =
        "For example 401 without credentials, 403 from an origin check, 404 for "
        "an unknown resource name (§4.2.2).",
    .how_to_fix =
        "Fix what the status names: authenticate, use an allowed origin, request an "
        "existing resource.",
    .advice = {.reconnect = Reconnect::no, .text = "Do not retry blindly: fix the request first."},
    .reference = "RFC 9110 §15.5"};

constexpr Semantics kServerError{
    .name = "Server Error",
    .meaning = "The server, or a gateway in front of it, failed to handle the request.",
    .when_you_see_it = "A fault in the server or in a proxy between client and server.",
    .how_to_fix = "Read the logs of the server and of any gateway in front of it.",
    .advice = {.reconnect = Reconnect::with_backoff,
               .doubling = true,
               .text = "Retry with exponential backoff."},
    .reference = "RFC 9110 §15.6"};

// RFC 9110 §15: a status code is three digits, 100-599; anything else is invalid.
constexpr Semantics kInvalidStatus{
    .name = "Invalid Status",
    .meaning = "Not an HTTP status code: valid codes run from 100 to 599.",
    .when_you_see_it = "A broken server or a corrupted response.",
    .how_to_fix = "Fix the status line the server writes.",
    .advice = {.reconnect = Reconnect::no,
               .text = "Do not retry blindly: the server's response is broken."},
    .reference = "RFC 9110 §15"};

const Semantics& status_class_semantics(int status) {
  if (status < 100 || status > 599) return kInvalidStatus;
  switch (status / 100) {
    case 1:
      return kInformational;
    case 2:
      return kSuccessful;
    case 3:
      return kRedirection;
    case 4:
      return kClientError;
    default:
      return kServerError;
  }
}

}  // namespace

HttpStatusInfo http_status_info(int status) {
  for (const JudgedStatus& judged : kJudgedStatuses) {
    if (judged.status == status) {
      return {.status = status,
              .judged = true,
              .required_header = judged.required_header,
              .semantics = judged.semantics};
    }
  }
  return {.status = status,
          .judged = false,
          .required_header = {},
          .semantics = status_class_semantics(status)};
}

}  // namespace wsconform::wire
