// The deliberately broken variants of the reference target: each breaks exactly one behaviour, so
// the harness can prove its judge fails a server that misbehaves in that one way.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wsconform::websocketpp_server {

enum class BrokenMode {
  drop_on_exception,       // handler exception: drop TCP instead of close 1011
  close_1011_on_overload,  // rate overload: close 1011 instead of 1013
  no_1012_on_restart,      // restart: drop TCP instead of close 1012
  status_400_on_fault,     // handshake fault: HTTP 400 instead of 500
  no_retry_after,          // capacity: HTTP 503 without Retry-After
  status_500_on_overload,  // capacity: HTTP 500 instead of 503
};

using BrokenModes = std::set<BrokenMode>;

// The command-line spelling of every mode, in declaration order ("drop-on-exception", ...).
const std::vector<std::string>& broken_mode_names();
std::optional<BrokenMode> parse_broken_mode(std::string_view name);
std::string_view broken_mode_name(BrokenMode mode);

}  // namespace wsconform::websocketpp_server
