#include "reference/raw_server/liberal_mode.hpp"

#include "wire/enum_names.hpp"

namespace wsconform::raw_server {
namespace {

// The spelling of each mode. A switch without a default: a new enumerator without a case here is
// a -Wswitch warning, and the table below is checked against this at compile time.
constexpr std::string_view spelling(LiberalMode mode) {
  switch (mode) {
    case LiberalMode::empty_close_reply:
      return "empty-close-reply";
    case LiberalMode::close_1001_reply:
      return "close-1001-reply";
    case LiberalMode::fail_with_1008:
      return "fail-with-1008";
    case LiberalMode::fail_by_drop:
      return "fail-by-drop";
    case LiberalMode::no_size_limit:
      return "no-size-limit";
    case LiberalMode::utf8_at_message_end:
      return "utf8-at-message-end";
    case LiberalMode::accept_non_minimal_length:
      return "accept-non-minimal-length";
    case LiberalMode::latest_ping_only:
      return "latest-ping-only";
    case LiberalMode::unsolicited_pongs:
      return "unsolicited-pongs";
    case LiberalMode::rfc6455_close_codes_only:
      return "rfc6455-close-codes-only";
    case LiberalMode::pong_after_close:
      return "pong-after-close";
    case LiberalMode::no_pong_after_close:
      return "no-pong-after-close";
    case LiberalMode::refuse_origin_403:
      return "refuse-origin-403";
    case LiberalMode::plain_http_without_upgrade:
      return "plain-http-without-upgrade";
  }
  return {};
}

constexpr auto kLiberalModeNames = std::to_array<std::pair<LiberalMode, std::string_view>>({
    {LiberalMode::empty_close_reply, spelling(LiberalMode::empty_close_reply)},
    {LiberalMode::close_1001_reply, spelling(LiberalMode::close_1001_reply)},
    {LiberalMode::fail_with_1008, spelling(LiberalMode::fail_with_1008)},
    {LiberalMode::fail_by_drop, spelling(LiberalMode::fail_by_drop)},
    {LiberalMode::no_size_limit, spelling(LiberalMode::no_size_limit)},
    {LiberalMode::utf8_at_message_end, spelling(LiberalMode::utf8_at_message_end)},
    {LiberalMode::accept_non_minimal_length, spelling(LiberalMode::accept_non_minimal_length)},
    {LiberalMode::latest_ping_only, spelling(LiberalMode::latest_ping_only)},
    {LiberalMode::unsolicited_pongs, spelling(LiberalMode::unsolicited_pongs)},
    {LiberalMode::rfc6455_close_codes_only, spelling(LiberalMode::rfc6455_close_codes_only)},
    {LiberalMode::pong_after_close, spelling(LiberalMode::pong_after_close)},
    {LiberalMode::no_pong_after_close, spelling(LiberalMode::no_pong_after_close)},
    {LiberalMode::refuse_origin_403, spelling(LiberalMode::refuse_origin_403)},
    {LiberalMode::plain_http_without_upgrade, spelling(LiberalMode::plain_http_without_upgrade)},
});

// The table lists every enumerator once, in declaration order (entry i is mode i), and nothing
// past its end has a spelling: an enumerator added to the enum and the switch but not the table,
// or listed out of order, stops the build.
static_assert(wire::lists_in_declaration_order(kLiberalModeNames) &&
                  spelling(static_cast<LiberalMode>(kLiberalModeNames.size())).empty(),
              "kLiberalModeNames must list every LiberalMode, in order");

}  // namespace

const std::vector<std::string_view>& liberal_mode_names() {
  static const std::vector<std::string_view> names = wire::all_names(kLiberalModeNames);
  return names;
}

std::optional<LiberalMode> parse_liberal_mode(std::string_view name) {
  return wire::value_named(kLiberalModeNames, name);
}

std::string_view liberal_mode_name(LiberalMode mode) {
  return wire::name_of(kLiberalModeNames, mode);
}

}  // namespace wsconform::raw_server
