#include "reference/raw_server/broken_mode.hpp"

#include "wire/enum_names.hpp"

namespace wsconform::raw_server {
namespace {

constexpr auto kBrokenModeNames = std::to_array<std::pair<BrokenMode, std::string_view>>({
    {BrokenMode::accept_any_handshake, "accept-any-handshake"},
    {BrokenMode::wrong_accept, "wrong-accept"},
    {BrokenMode::strict_header_matching, "strict-header-matching"},
    {BrokenMode::no_version_header, "no-version-header"},
    {BrokenMode::accept_unmasked, "accept-unmasked"},
    {BrokenMode::ignore_rsv, "ignore-rsv"},
    {BrokenMode::ignore_reserved_opcodes, "ignore-reserved-opcodes"},
    {BrokenMode::allow_long_control, "allow-long-control"},
    {BrokenMode::allow_fragmented_control, "allow-fragmented-control"},
    {BrokenMode::ignore_bad_continuation, "ignore-bad-continuation"},
    {BrokenMode::accept_length_top_bit, "accept-length-top-bit"},
    {BrokenMode::stall_on_huge_frame, "stall-on-huge-frame"},
    {BrokenMode::drop_non_minimal_frames, "drop-non-minimal-frames"},
    {BrokenMode::no_utf8_check, "no-utf8-check"},
    {BrokenMode::utf8_per_frame, "utf8-per-frame"},
    {BrokenMode::no_close_reason_utf8_check, "no-close-reason-utf8-check"},
    {BrokenMode::accept_one_byte_close, "accept-one-byte-close"},
    {BrokenMode::accept_invalid_close_codes, "accept-invalid-close-codes"},
    {BrokenMode::reject_valid_close_codes, "reject-valid-close-codes"},
    {BrokenMode::send_unsendable_codes, "send-unsendable-codes"},
    {BrokenMode::no_close_reply, "no-close-reply"},
    {BrokenMode::keep_tcp_open, "keep-tcp-open"},
    {BrokenMode::process_after_close, "process-after-close"},
    {BrokenMode::stall_after_reset, "stall-after-reset"},
    {BrokenMode::stall_after_half_close, "stall-after-half-close"},
    {BrokenMode::stall_on_slow_frame, "stall-on-slow-frame"},
    {BrokenMode::stall_on_slow_handshake, "stall-on-slow-handshake"},
    {BrokenMode::unbounded_write_queue, "unbounded-write-queue"},
    {BrokenMode::corrupt_echo, "corrupt-echo"},
    {BrokenMode::corrupt_long_echo, "corrupt-long-echo"},
    {BrokenMode::echo_fragments_separately, "echo-fragments-separately"},
    {BrokenMode::no_pong, "no-pong"},
    {BrokenMode::wrong_pong_payload, "wrong-pong-payload"},
});
// A new enumerator without an entry in its place stops the build; one added last without an
// entry is caught by the name round-trip test.
static_assert(wire::lists_in_declaration_order(kBrokenModeNames),
              "kBrokenModeNames must list every BrokenMode, in order");

}  // namespace

const std::vector<std::string_view>& broken_mode_names() {
  static const std::vector<std::string_view> names = wire::all_names(kBrokenModeNames);
  return names;
}

std::optional<BrokenMode> parse_broken_mode(std::string_view name) {
  return wire::value_named(kBrokenModeNames, name);
}

std::string_view broken_mode_name(BrokenMode mode) {
  return wire::name_of(kBrokenModeNames, mode);
}

}  // namespace wsconform::raw_server
