// The server's answer to an opening handshake (RFC 6455 §4.2.1, §4.2.2): 101 with the right
// Sec-WebSocket-Accept, 426 for an unsupported version, 400 for anything else wrong, each bent
// the way the handshake broken modes say; the liberal modes add 403 (an Origin refused) and 200
// (a plain HTTP GET).
#pragma once

#include <string>
#include <string_view>

#include "reference/raw_server/broken_mode.hpp"
#include "reference/raw_server/http_request_parser.hpp"
#include "reference/raw_server/liberal_mode.hpp"

namespace wsconform::raw_server {

struct HandshakeAnswer {
  int status = 400;
  std::string response;  // the whole response: status line, headers, blank line, body
  bool upgraded() const { return status == 101; }
};

// Decides how to answer a request that parsed.
HandshakeAnswer answer_handshake(const HttpRequest& request, const BrokenModes& modes,
                                 const LiberalModes& liberties = {});
// 400 for a request head that did not parse (`why` goes into the body).
HandshakeAnswer answer_malformed_request(std::string_view why);

// True if `key` is base64 (RFC 4648 §4, padded) of exactly 16 bytes (§4.2.1 item 5).
bool is_valid_websocket_key(std::string_view key);

}  // namespace wsconform::raw_server
