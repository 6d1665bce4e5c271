// The liberal behaviours of the raw server: each mode keeps every RFC 6455 MUST while using one
// freedom the RFC (or HTTP) gives, so the suite can prove that its judge never fails a server for
// using it. Each mode's comment quotes the sentence that allows it.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

namespace wsconform::raw_server {

enum class LiberalMode : std::uint8_t {
  // Closing (§5.5.1, §7.1.7, §7.4).
  // §5.5.1 "The Close frame MAY contain a body"; §7.4 "... are optional components of a Close"
  empty_close_reply,  // a client's close is answered with an empty close body
  // §5.5.1: an endpoint only "typically echos the status code it received"
  close_1001_reply,  // a client's close is answered with 1001 (an empty one too)
  // §7.4.1 1008: "a generic status code ... if there is a need to hide specific details"
  fail_with_1008,  // every failure of the connection closes with 1008, not the rule's code
  // §7.1.7 "An endpoint MAY omit sending a Close frame if ..."; §10.7 "MAY drop the TCP connection"
  fail_by_drop,  // every failure of the connection sends FIN with no close frame
  // Limits and UTF-8 (§5.2, §8.1, §10.4).
  // §10.4 "Such an implementation SHOULD impose a limit on frame sizes" (the MUST: protect itself)
  no_size_limit,  // no frame or message limit; buffers at most its cap, then discards the rest
  // §8.1 "MUST _Fail the WebSocket Connection_" on invalid UTF-8 sets no time to notice it
  utf8_at_message_end,  // text validated only once the message is complete
  // §5.2 "the minimal number of bytes MUST be used to encode the length" binds the sender
  accept_non_minimal_length,  // a length in more bytes than needed is accepted
  // Control frames (§5.5.2, §5.5.3).
  // §5.5.3 "MAY elect to send a Pong frame for only the most recently processed Ping frame"
  latest_ping_only,  // of the pings in one read, only the last is answered, at the batch's end
  // §5.5.3 "A Pong frame MAY be sent unsolicited. This serves as a unidirectional heartbeat."
  unsolicited_pongs,  // pong 'heartbeat' after the 101 and after each echo; pongs answered
  // §7.4.1 defines codes up to 1011; 1012-1014 came later (IANA); §7.4 sets no receiver action
  rfc6455_close_codes_only,  // a close with 1012, 1013 or 1014 fails the connection with 1002
  // §5.5.2 "MUST send a Pong frame in response, unless it already received a Close frame"
  pong_after_close,  // pings behind a close in the same read are answered before the reply
  // §5.5.2 (the exemption above); §5.5.1 "It SHOULD do so as soon as practical"
  no_pong_after_close,  // the close reply waits 20 ms, reading but answering nothing meanwhile
  // Opening handshake (§4.2.2, RFC 9110 §7.8).
  // §4.2.2 "it MUST return an appropriate HTTP error code (e.g., 403 Forbidden)"
  refuse_origin_403,  // an otherwise acceptable handshake with an Origin header gets 403
  // RFC 9110 §7.8 "A server MAY ignore a received Upgrade header field if it wishes to continue"
  plain_http_without_upgrade,  // a GET without the Upgrade or Connection token gets 200
};

using LiberalModes = std::set<LiberalMode>;

// Every mode's command-line spelling ("empty-close-reply", ...), in declaration order.
const std::vector<std::string_view>& liberal_mode_names();
std::optional<LiberalMode> parse_liberal_mode(std::string_view name);
std::string_view liberal_mode_name(LiberalMode mode);

}  // namespace wsconform::raw_server
