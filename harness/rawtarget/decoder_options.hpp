// The frame decoder's options for a server in the given broken modes: strict unless a mode
// relaxes exactly one framing rule.
#pragma once

#include <cstdint>

#include "rawtarget/broken_mode.hpp"
#include "wire/frame_decoder.hpp"

namespace wsconform::rawtarget {

wire::DecoderOptions decoder_options_for(const BrokenModes& modes, std::uint64_t max_message_size);

}  // namespace wsconform::rawtarget
