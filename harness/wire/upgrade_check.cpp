// The client's validation of the server's opening handshake (RFC 6455 §4.1 steps 1-4, §4.2.2).
#include <fmt/format.h>

#include "wire/http.hpp"
#include "wire/http_text.hpp"

namespace wsconform::wire {

namespace {

void check_upgrade_header(const HttpResponse& response, std::vector<std::string>& problems) {
  // §4.1 client step 2 / §4.2.2 step 5.2: Upgrade must name "websocket", case-insensitively.
  const std::optional<std::string> upgrade = response.header("Upgrade");
  if (!upgrade) {
    problems.push_back(
        "Upgrade header is missing; it must be 'websocket' (§4.1 client step 2, §4.2.2 step 5.2)");
  } else if (!response.has_token("Upgrade", "websocket")) {
    problems.push_back(fmt::format(
        "Upgrade is '{}', expected 'websocket' (§4.1 client step 2, §4.2.2 step 5.2)", *upgrade));
  }
}

void check_connection_header(const HttpResponse& response, std::vector<std::string>& problems) {
  // §4.1 client step 3 / §4.2.2 step 5.3: Connection must hold the token "Upgrade".
  const std::optional<std::string> connection = response.header("Connection");
  if (!connection) {
    problems.push_back(
        "Connection header is missing; it must contain the token 'Upgrade' (§4.1 client step 3, "
        "§4.2.2 step 5.3)");
  } else if (!response.has_token("Connection", "Upgrade")) {
    problems.push_back(fmt::format(
        "Connection is '{}', which lacks the token 'Upgrade' (§4.1 client step 3, §4.2.2 step 5.3)",
        *connection));
  }
}

void check_accept_header(const HttpResponse& response, std::string_view key,
                         std::vector<std::string>& problems) {
  // §4.1 client step 4 / §4.2.2 step 5.4: exactly one Sec-WebSocket-Accept, equal to
  // base64(SHA-1(key + GUID)) once leading and trailing whitespace is ignored.
  const std::string expected = compute_accept(key);
  const std::size_t count = response.header_count("Sec-WebSocket-Accept");
  if (count == 0) {
    problems.push_back(fmt::format(
        "Sec-WebSocket-Accept header is missing, expected '{}' (§4.1 client step 4, §4.2.2 step "
        "5.4)",
        expected));
  } else if (count > 1) {
    problems.push_back(fmt::format(
        "Sec-WebSocket-Accept appears {} times, expected exactly once (§4.2.2 step 5.4)", count));
  } else {
    const std::string value = *response.header("Sec-WebSocket-Accept");
    if (trim_ows(value) != expected) {
      problems.push_back(fmt::format(
          "Sec-WebSocket-Accept is '{}', expected '{}' (§4.2.2 step 5.4)", value, expected));
    }
  }
}

}  // namespace

std::vector<std::string> check_upgrade_response(const HttpResponse& response,
                                                std::string_view key) {
  std::vector<std::string> problems;
  // §4.1 client step 1 / §4.2.2 step 5.1: only 101 accepts the upgrade; anything else is plain
  // HTTP.
  if (response.status != 101) {
    problems.push_back(fmt::format(
        "status is {}, expected 101 Switching Protocols (§4.1 client step 1, §4.2.2 step 5.1)",
        response.status));
    return problems;
  }
  check_upgrade_header(response, problems);
  check_connection_header(response, problems);
  check_accept_header(response, key, problems);
  return problems;
}

}  // namespace wsconform::wire
