// The upgrade request builder: produces any request, well-formed or not.
#include <algorithm>

#include "wire/http.hpp"

namespace wsconform::wire {

UpgradeRequest& UpgradeRequest::set(std::string_view name, std::string_view value) {
  auto first = std::find_if(headers.begin(), headers.end(),
                            [&](const Header& header) { return iequals(header.name, name); });
  if (first == headers.end()) return add(name, value);
  *first = Header{std::string(name), std::string(value)};
  headers.erase(std::remove_if(std::next(first), headers.end(),
                               [&](const Header& header) { return iequals(header.name, name); }),
                headers.end());
  return *this;
}

UpgradeRequest& UpgradeRequest::add(std::string_view name, std::string_view value) {
  headers.push_back(Header{std::string(name), std::string(value)});
  return *this;
}

UpgradeRequest& UpgradeRequest::remove(std::string_view name) {
  std::erase_if(headers, [&](const Header& header) { return iequals(header.name, name); });
  return *this;
}

std::optional<std::string> UpgradeRequest::get(std::string_view name) const {
  for (const Header& header : headers) {
    if (iequals(header.name, name)) return header.value;
  }
  return std::nullopt;
}

std::string UpgradeRequest::serialize() const {
  if (raw) return *raw;
  std::string out = method + ' ' + target + ' ' + version + line_ending;
  for (const Header& header : headers) {
    out += header.name + ": " + header.value + line_ending;
  }
  out += line_ending;
  return out;
}

// §4.1 client steps 2, 4, 5, 6, 7 and 9: GET with HTTP/1.1, Host, Upgrade: websocket,
// Connection: Upgrade, Sec-WebSocket-Key and Sec-WebSocket-Version: 13.
UpgradeRequest standard_upgrade_request(std::string_view host, std::string_view target,
                                        std::string_view key) {
  UpgradeRequest request;
  request.target = std::string(target);
  request.add("Host", host)
      .add("Upgrade", "websocket")
      .add("Connection", "Upgrade")
      .add("Sec-WebSocket-Key", key)
      .add("Sec-WebSocket-Version", "13");
  return request;
}

}  // namespace wsconform::wire
