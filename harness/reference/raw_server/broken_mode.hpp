// The deliberately broken behaviours of the raw server: each mode breaks exactly one RFC 6455
// rule, so the suite can prove that its judge fails a server that breaks that rule (and only it).
// A behaviour the RFC allows is a liberal mode instead (liberal_mode.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

namespace wsconform::raw_server {

enum class BrokenMode : std::uint8_t {
  // Opening handshake (§4.2).
  accept_any_handshake,    // 101 to any request
  wrong_accept,            // Sec-WebSocket-Accept computed wrong
  strict_header_matching,  // exact-case names and values only
  no_version_header,       // 426 without Sec-WebSocket-Version
  // Framing (§5.1-§5.5).
  accept_unmasked,           // unmasked client frames processed
  ignore_rsv,                // RSV bits ignored
  ignore_reserved_opcodes,   // frames with reserved opcodes skipped silently
  allow_long_control,        // control payloads over 125 bytes processed
  allow_fragmented_control,  // FIN-clear control frames processed as if FIN were set
  ignore_bad_continuation,   // orphan continuations ignored; interleaved data restarts a message
  accept_length_top_bit,     // the 64-bit length's top bit masked off
  stall_on_huge_frame,       // a frame over the limit stalls the whole server (no answers at all)
  drop_non_minimal_frames,   // frames with a non-minimal length discarded, neither used nor failed
  // UTF-8 (§8.1) and close bodies (§5.5.1, §7.4).
  no_utf8_check,
  utf8_per_frame,  // each text fragment validated as if it were a whole message
  no_close_reason_utf8_check,
  accept_one_byte_close,       // a 1-byte close body treated as an empty one
  accept_invalid_close_codes,  // any code echoed
  reject_valid_close_codes,    // any code but 1000 answered with 1002
  send_unsendable_codes,       // 1005 for an empty close, 1006 when failing
  // Closing (§5.5.1, §7.1).
  no_close_reply,       // TCP closed without a close frame
  keep_tcp_open,        // waits for the client to close TCP after the close handshake
  process_after_close,  // keeps processing frames for a while after a close
  // The TCP level: a blocking server that one misbehaving connection freezes for everyone.
  stall_after_reset,        // a connection reset inside a frame freezes the server
  stall_after_half_close,   // a client's FIN inside a frame or message freezes the server
  stall_on_slow_frame,      // a frame left incomplete for 300 ms freezes the server
  stall_on_slow_handshake,  // a handshake left incomplete for 300 ms freezes the server
  unbounded_write_queue,    // reads on however much of its output waits unsent (no backpressure)
  // Data and control replies (§5.4-§5.6).
  corrupt_echo,       // "!" appended to every echoed payload
  corrupt_long_echo,  // a 64 KiB+ echo's last byte flipped; from a connection's 500th on, "!" added
  echo_fragments_separately,  // each fragment echoed as its own message
  no_pong,                    // pings ignored
  wrong_pong_payload,         // pong payload differs from the ping's
};

using BrokenModes = std::set<BrokenMode>;

// Every mode's command-line spelling ("accept-any-handshake", ...), in declaration order.
const std::vector<std::string_view>& broken_mode_names();
std::optional<BrokenMode> parse_broken_mode(std::string_view name);
std::string_view broken_mode_name(BrokenMode mode);

}  // namespace wsconform::raw_server
