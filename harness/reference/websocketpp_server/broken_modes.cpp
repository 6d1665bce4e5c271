#include "broken_modes.hpp"

#include "wire/enum_names.hpp"

namespace wsconform::websocketpp_server {
namespace {

constexpr wire::EnumNames<BrokenMode, 6> kModeNames{{
    {BrokenMode::drop_on_exception, "drop-on-exception"},
    {BrokenMode::close_1011_on_overload, "1011-on-overload"},
    {BrokenMode::no_1012_on_restart, "no-1012-on-restart"},
    {BrokenMode::status_400_on_fault, "400-on-handshake-fault"},
    {BrokenMode::no_retry_after, "no-retry-after"},
    {BrokenMode::status_500_on_overload, "500-on-overload"},
}};
static_assert(wire::lists_in_declaration_order(kModeNames),
              "kModeNames must list every BrokenMode, in order");

}  // namespace

const std::vector<std::string>& broken_mode_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (std::string_view name : wire::all_names(kModeNames)) all.emplace_back(name);
    return all;
  }();
  return names;
}

std::optional<BrokenMode> parse_broken_mode(std::string_view name) {
  return wire::value_named(kModeNames, name);
}

std::string_view broken_mode_name(BrokenMode mode) {
  return wire::name_of(kModeNames, mode);
}

}  // namespace wsconform::websocketpp_server
