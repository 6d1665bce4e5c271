#include "broken_modes.hpp"

#include <array>
#include <utility>

namespace wsconform::websocketpp_server {
namespace {

constexpr std::array<std::pair<BrokenMode, std::string_view>, 6> kModeNames{{
    {BrokenMode::drop_on_exception, "drop-on-exception"},
    {BrokenMode::close_1011_on_overload, "1011-on-overload"},
    {BrokenMode::no_1012_on_restart, "no-1012-on-restart"},
    {BrokenMode::status_400_on_fault, "400-on-handshake-fault"},
    {BrokenMode::no_retry_after, "no-retry-after"},
    {BrokenMode::status_500_on_overload, "500-on-overload"},
}};

}  // namespace

const std::vector<std::string>& broken_mode_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const auto& [mode, name] : kModeNames) all.emplace_back(name);
    return all;
  }();
  return names;
}

std::optional<BrokenMode> parse_broken_mode(std::string_view name) {
  for (const auto& [mode, spelling] : kModeNames) {
    if (spelling == name) return mode;
  }
  return std::nullopt;
}

std::string_view broken_mode_name(BrokenMode mode) {
  for (const auto& [candidate, spelling] : kModeNames) {
    if (candidate == mode) return spelling;
  }
  return "unknown";
}

}  // namespace wsconform::websocketpp_server
