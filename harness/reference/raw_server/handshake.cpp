// The opening handshake checks, in the order §4.2.1 lists them, and the responses.
#include "reference/raw_server/handshake.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "wire/http.hpp"
#include "wire/http_text.hpp"

namespace wsconform::raw_server {

namespace {

constexpr std::string_view kSupportedVersion = "13";
// The header names as RFC 6455 spells them: strict-header-matching accepts these spellings only.
constexpr std::array<std::string_view, 5> kExactHeaderNames = {
    "Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"};

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

std::string text_response(int status, std::string_view reason, std::string_view body,
                          std::string_view extra_headers = {},
                          std::string_view connection = "close") {
  return fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n{}"
      "Connection: {}\r\n\r\n{}",
      status, reason, body.size(), extra_headers, connection, body);
}

HandshakeAnswer bad_request(std::string_view why) {
  return {400, text_response(400, "Bad Request", why)};
}

// plain-http-without-upgrade: what a server that also serves plain HTTP answers a GET with.
HandshakeAnswer plain_http_page() {
  return {200, text_response(200, "OK", "wsconform-raw-server: a WebSocket echo server\n")};
}

HandshakeAnswer switching_protocols(std::string_view accept) {
  return {101, fmt::format("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Accept: {}\r\n\r\n",
                           accept)};
}

// The one value of a header that must appear exactly once, or nullopt.
std::optional<std::string_view> single_value(const HttpRequest& request, std::string_view name) {
  const std::vector<std::string_view> values = request.values(name);
  if (values.size() != 1) return std::nullopt;
  return values.front();
}

bool any_value_has_token(const HttpRequest& request, std::string_view name,
                         std::string_view token) {
  const std::vector<std::string_view> values = request.values(name);
  return std::any_of(values.begin(), values.end(), [&](std::string_view value) {
    return wire::list_contains_token(value, token);
  });
}

// RFC 7230 §2.6: "HTTP/x.y" compared as major, then minor.
bool is_http_1_1_or_higher(std::string_view version) {
  const int major = version[5] - '0';
  const int minor = version[7] - '0';
  return major > 1 || (major == 1 && minor >= 1);
}

// strict-header-matching: a header must be spelled exactly as RFC 6455 spells it, with the exact
// values of its examples; any other header name is refused.
std::optional<std::string> strict_matching_problem(const HttpRequest& request) {
  for (const wire::Header& header : request.headers) {
    if (std::find(kExactHeaderNames.begin(), kExactHeaderNames.end(), header.name) ==
        kExactHeaderNames.end()) {
      return fmt::format("unexpected header '{}'", wire::excerpt(header.name));
    }
  }
  if (single_value(request, "Upgrade") != "websocket") return "Upgrade is not 'websocket'";
  if (single_value(request, "Connection") != "Upgrade") return "Connection is not 'Upgrade'";
  return std::nullopt;
}

HandshakeAnswer accept_any(const HttpRequest& request) {
  const std::vector<std::string_view> keys = request.values("Sec-WebSocket-Key");
  return switching_protocols(wire::compute_accept(keys.empty() ? "" : keys.front()));
}

}  // namespace

bool is_valid_websocket_key(std::string_view key) {
  // 16 bytes encode to 22 base64 characters and "==" padding (RFC 4648 §4).
  if (key.size() != 24 || key.substr(22) != "==") return false;
  return std::all_of(key.begin(), key.begin() + 22, is_base64_char);
}

HandshakeAnswer answer_malformed_request(std::string_view why) {
  return bad_request(why);
}

HandshakeAnswer answer_handshake(const HttpRequest& request, const BrokenModes& modes,
                                 const LiberalModes& liberties) {
  if (modes.contains(BrokenMode::accept_any_handshake)) return accept_any(request);
  if (modes.contains(BrokenMode::strict_header_matching)) {
    if (const auto problem = strict_matching_problem(request)) return bad_request(*problem);
  }
  // §4.2.1 item 1: "An HTTP/1.1 or higher GET request".
  if (request.method != "GET") return bad_request("the method must be GET");
  if (!is_http_1_1_or_higher(request.version)) return bad_request("HTTP/1.1 or higher is required");
  // §4.2.1 item 2 and RFC 7230 §5.4: exactly one Host header field.
  if (!single_value(request, "Host")) return bad_request("exactly one Host header is required");
  // §4.2.1 item 3: Upgrade contains "websocket", ASCII case-insensitive. §4.2.1 item 4:
  // Connection includes the token "Upgrade", ASCII case-insensitive. Without either the request is
  // no upgrade; plain-http-without-upgrade answers it as plain HTTP (RFC 9110 §7.8).
  const bool plain_http = liberties.contains(LiberalMode::plain_http_without_upgrade);
  if (!any_value_has_token(request, "Upgrade", "websocket")) {
    return plain_http ? plain_http_page() : bad_request("Upgrade must contain 'websocket'");
  }
  if (!any_value_has_token(request, "Connection", "upgrade")) {
    return plain_http ? plain_http_page()
                      : bad_request("Connection must contain the token 'Upgrade'");
  }
  // §4.2.1 item 5 and §11.3.1: one Sec-WebSocket-Key, base64 of 16 bytes.
  const std::optional<std::string_view> key = single_value(request, "Sec-WebSocket-Key");
  if (!key || !is_valid_websocket_key(*key)) {
    return bad_request("exactly one Sec-WebSocket-Key, base64 of 16 bytes, is required");
  }
  // §4.2.1 item 6 and §11.3.5: one Sec-WebSocket-Version.
  const std::optional<std::string_view> version = single_value(request, "Sec-WebSocket-Version");
  if (!version) return bad_request("exactly one Sec-WebSocket-Version is required");
  if (*version != kSupportedVersion) {
    // §4.2.2 step 4: an unsupported version gets an error (426) naming the versions understood
    // (no-version-header leaves the header out). RFC 7231 §6.5.15: a 426 carries Upgrade, and
    // RFC 7230 §6.7 then lists "upgrade" in Connection.
    const std::string headers =
        modes.contains(BrokenMode::no_version_header)
            ? std::string("Upgrade: websocket\r\n")
            : fmt::format("Upgrade: websocket\r\nSec-WebSocket-Version: {}\r\n", kSupportedVersion);
    return {426, text_response(426, "Upgrade Required", "unsupported WebSocket version", headers,
                               "Upgrade, close")};
  }
  // §4.2.2 /origin/: a server that does not accept the origin returns an HTTP error such as 403;
  // refuse-origin-403 refuses any handshake that names one (an acceptable one otherwise).
  if (liberties.contains(LiberalMode::refuse_origin_403) && request.count("Origin") > 0) {
    return {403, text_response(403, "Forbidden", "origin not allowed")};
  }
  // §4.2.2 step 5.4: Sec-WebSocket-Accept is base64(SHA-1(key + GUID)); wrong-accept appends a
  // stray byte to the key first.
  const std::string accept = modes.contains(BrokenMode::wrong_accept)
                                 ? wire::compute_accept(std::string(*key) + "x")
                                 : wire::compute_accept(*key);
  return switching_protocols(accept);
}

}  // namespace wsconform::raw_server
