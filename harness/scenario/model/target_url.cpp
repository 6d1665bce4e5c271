// Target URLs (RFC 6455 §3): ws://host[:port][/path][?query] and wss://..., nothing else.
#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/ip/address.hpp>
#include <cctype>
#include <charconv>

#include "scenario/model/run.hpp"

namespace wsconform::scenario {
namespace {

constexpr std::uint16_t kDefaultWsPort = 80;    // §3: port 80 unless given, for "ws"
constexpr std::uint16_t kDefaultWssPort = 443;  // §3: port 443 unless given, for "wss"

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

std::optional<Target> fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return std::nullopt;
}

bool is_reg_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

}  // namespace

std::optional<Target> parse_target_url(std::string_view url, std::string* error) {
  Target target;
  target.url = std::string(url);
  std::string_view rest;
  if (starts_with_ignoring_case(url, "ws://")) {
    rest = url.substr(5);
  } else if (starts_with_ignoring_case(url, "wss://")) {
    target.tls = true;
    rest = url.substr(6);
  } else {
    return fail(error, "'" + std::string(url) + "' is not a ws:// or wss:// URL");
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return fail(error, "the URL contains a space or control character");
    }
  }
  // §3: fragment identifiers MUST NOT be used in WebSocket URIs.
  if (url.find('#') != std::string_view::npos) {
    return fail(error, "a WebSocket URL may not carry a fragment ('#')");
  }

  const std::size_t authority_end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, authority_end);
  if (authority_end != std::string_view::npos) {
    const std::string_view path = rest.substr(authority_end);
    target.path = path.front() == '?' ? "/" + std::string(path) : std::string(path);
  }
  if (authority.find('@') != std::string_view::npos) {
    return fail(error, "user information ('user@host') is not supported in a target URL");
  }

  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail(error, "unterminated IPv6 address '['");
    target.host = std::string(authority.substr(1, close - 1));
    std::error_code invalid;
    asio::ip::make_address_v6(target.host, invalid);
    if (invalid) return fail(error, "'" + target.host + "' is not an IPv6 address");
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail(error, "unexpected text after the IPv6 address");
      has_port = true;
      port_text = after.substr(1);
    }
  } else {
    const std::size_t colon = authority.find(':');
    target.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
    }
    for (char c : target.host) {
      if (!is_reg_name_char(c)) return fail(error, "'" + target.host + "' is not a host name");
    }
  }
  if (target.host.empty()) return fail(error, "the URL names no host");

  target.port = target.tls ? kDefaultWssPort : kDefaultWsPort;
  if (has_port) {
    unsigned value = 0;
    const auto [end, parsed] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (port_text.empty() || parsed != std::errc() || end != port_text.data() + port_text.size() ||
        value == 0 || value > 65535) {
      return fail(error, "'" + std::string(port_text) + "' is not a port (1-65535)");
    }
    target.port = static_cast<std::uint16_t>(value);
  }
  return target;
}

std::string Target::host_header() const {
  // §4.1: the Host header carries the host and, unless it is the default, the port.
  std::string header = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  const std::uint16_t default_port = tls ? kDefaultWssPort : kDefaultWsPort;
  if (port != default_port) header += ":" + std::to_string(port);
  return header;
}

}  // namespace wsconform::scenario
