#include "reference/raw_server/decoder_options.hpp"

#include <limits>

namespace wsconform::raw_server {

wire::DecoderOptions decoder_options_for(const BrokenModes& modes, const LiberalModes& liberties,
                                         std::uint64_t max_message_size) {
  const auto has = [&](BrokenMode mode) { return modes.contains(mode); };
  const auto liberal = [&](LiberalMode mode) { return liberties.contains(mode); };
  wire::DecoderOptions options;
  options.sender = wire::Sender::client;
  // §10.4: a server protects itself with a frame and message size limit (1009 beyond it);
  // no-size-limit protects itself by not buffering past its cap instead (see Session).
  const std::uint64_t limit = liberal(LiberalMode::no_size_limit)
                                  ? std::numeric_limits<std::uint64_t>::max()
                                  : max_message_size;
  options.max_frame_payload = limit;
  options.max_message_size = limit;
  options.allowed_rsv_mask = has(BrokenMode::ignore_rsv) ? 0x70 : 0;
  // §5.2's minimal length binds the sender; accept-non-minimal-length does not hold clients to it.
  options.require_minimal_length = !(liberal(LiberalMode::accept_non_minimal_length) ||
                                     has(BrokenMode::drop_non_minimal_frames));
  // The UTF-8 modes validate text in the assembler (at the message's end, per frame) or not at all.
  options.check_utf8 = !(has(BrokenMode::no_utf8_check) || has(BrokenMode::utf8_per_frame) ||
                         liberal(LiberalMode::utf8_at_message_end));
  // The close-body modes read close bodies in the session (see close_body.hpp) instead.
  options.check_close_payload =
      !(has(BrokenMode::accept_one_byte_close) || has(BrokenMode::accept_invalid_close_codes) ||
        has(BrokenMode::no_close_reason_utf8_check));
  options.enforce_masking = !has(BrokenMode::accept_unmasked);
  options.enforce_reserved_opcodes = !has(BrokenMode::ignore_reserved_opcodes);
  options.enforce_control_length = !has(BrokenMode::allow_long_control);
  options.enforce_control_fin = !has(BrokenMode::allow_fragmented_control);
  options.enforce_continuation_rules = !has(BrokenMode::ignore_bad_continuation);
  options.enforce_length_top_bit = !has(BrokenMode::accept_length_top_bit);
  return options;
}

}  // namespace wsconform::raw_server
