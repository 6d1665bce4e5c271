// The opening-handshake checks the reference target makes itself, on top of websocketpp's: pure
// string rules, no websocketpp, so they are unit-tested on their own.
#pragma once

#include <string_view>

namespace wsconform::websocketpp_server {

// RFC 6455 §4.2.1 item 5: a base64 value that decodes to 16 bytes (22 alphabet characters, "==").
// websocketpp 0.8.2 hashes whatever it is given, and joins duplicate fields with ", " (which no
// valid key contains), so this check also refuses a key sent twice (§11.3.1).
bool is_valid_websocket_key(std::string_view value);

// RFC 6455 §4.2.1 item 6 and §11.3.5: exactly "13", sent once. websocketpp reads the leading number
// of "13, 13" (a duplicated field) as 13.
bool is_version_13(std::string_view value);

}  // namespace wsconform::websocketpp_server
