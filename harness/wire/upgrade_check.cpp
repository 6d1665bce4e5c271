// The client's validation of the server's opening handshake (RFC 6455 §4.1 steps 1-4, §4.2.2).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

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

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The elements of a comma-separated list, each trimmed; for extensions, the part before ';'.
std::vector<std::string> list_names(std::string_view list, bool up_to_parameters) {
  std::vector<std::string> names;
  while (!list.empty()) {
    const std::size_t comma = std::min(list.find(','), list.size());
    std::string_view element = list.substr(0, comma);
    if (up_to_parameters) element = element.substr(0, std::min(element.find(';'), element.size()));
    element = trim_ows(element);
    if (!element.empty()) names.emplace_back(element);
    list.remove_prefix(std::min(comma + 1, list.size()));
  }
  return names;
}

bool offered(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& candidate) {
    return equals_ignoring_case(candidate, name);
  });
}

void check_negotiation(const HttpResponse& response, const UpgradeOffer& offer,
                       std::vector<std::string>& problems) {
  // §11.3.2 and §11.3.4: neither header "MUST NOT appear more than once in an HTTP response".
  for (const std::string_view name : {"Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol"}) {
    const std::size_t count = response.header_count(name);
    if (count > 1) {
      problems.push_back(fmt::format(
          "{} appears {} times; it MUST NOT appear more than once in a response (§11.3.2, "
          "§11.3.4)",
          name, count));
    }
  }
  // §4.1 client step 5 and §9.1: "the server MUST NOT respond with any extension not requested".
  if (const std::optional<std::string> extensions = response.header("Sec-WebSocket-Extensions")) {
    for (const std::string& name : list_names(*extensions, true)) {
      if (!offered(offer.extensions, name)) {
        problems.push_back(fmt::format(
            "Sec-WebSocket-Extensions selects '{}', which the client did not offer (§4.1 client "
            "step 5, §9.1)",
            excerpt(name)));
      }
    }
  }
  // §4.1 client step 6 and §4.2.2: the subprotocol is one the client offered, and only one.
  if (const std::optional<std::string> protocol = response.header("Sec-WebSocket-Protocol")) {
    const std::vector<std::string> selected = list_names(*protocol, false);
    if (selected.size() != 1 || !offered(offer.protocols, selected.front())) {
      problems.push_back(fmt::format(
          "Sec-WebSocket-Protocol is '{}', which is not one subprotocol the client offered (§4.1 "
          "client step 6, §4.2.2)",
          excerpt(*protocol)));
    }
  }
}

}  // namespace

UpgradeOffer offer_in_request(std::string_view request) {
  UpgradeOffer offer;
  const std::size_t end = request.find("\r\n\r\n");
  if (end != std::string_view::npos) request = request.substr(0, end);
  while (!request.empty()) {
    const std::size_t line_end = std::min(request.find('\n'), request.size());
    std::string_view line = request.substr(0, line_end);
    request.remove_prefix(std::min(line_end + 1, request.size()));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (equals_ignoring_case(name, "Sec-WebSocket-Extensions")) {
      for (std::string& item : list_names(value, true)) offer.extensions.push_back(std::move(item));
    } else if (equals_ignoring_case(name, "Sec-WebSocket-Protocol")) {
      for (std::string& item : list_names(value, false)) offer.protocols.push_back(std::move(item));
    }
  }
  return offer;
}

std::vector<std::string> check_upgrade_response(const HttpResponse& response, std::string_view key,
                                                const UpgradeOffer* offer) {
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
  if (offer != nullptr) check_negotiation(response, *offer, problems);
  return problems;
}

}  // namespace wsconform::wire
