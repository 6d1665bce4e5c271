#include "handshake_rules.hpp"

namespace wsconform::websocketpp_server {
namespace {

bool is_base64_alphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

}  // namespace

bool is_valid_websocket_key(std::string_view value) {
  // 16 bytes are 128 bits: 21 full base64 digits, a 22nd holding 2 bits, then two pad characters.
  constexpr std::size_t kDigits = 22;
  if (value.size() != kDigits + 2 || value.substr(kDigits) != "==") return false;
  for (const char c : value.substr(0, kDigits)) {
    if (!is_base64_alphabet(c)) return false;
  }
  return true;
}

bool is_version_13(std::string_view value) {
  return value == "13";
}

}  // namespace wsconform::websocketpp_server
