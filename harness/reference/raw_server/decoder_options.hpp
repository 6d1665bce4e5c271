// The frame decoder's options for a server in the given broken and liberal modes: strict unless a
// mode relaxes exactly one framing rule (a broken mode) or uses a freedom (a liberal mode).
#pragma once

#include <cstdint>

#include "reference/raw_server/broken_mode.hpp"
#include "reference/raw_server/liberal_mode.hpp"
#include "wire/frame_decoder.hpp"

namespace wsconform::raw_server {

wire::DecoderOptions decoder_options_for(const BrokenModes& modes, const LiberalModes& liberties,
                                         std::uint64_t max_message_size);

}  // namespace wsconform::raw_server
