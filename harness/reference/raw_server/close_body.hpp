// How the server reads the body of a close frame it received (§5.5.1, §7.4), bent by the
// close-body broken modes and rfc6455-close-codes-only. In the correct mode the decoder has already
// checked the same rules.
#pragma once

#include <cstdint>
#include <optional>

#include "reference/raw_server/broken_mode.hpp"
#include "reference/raw_server/liberal_mode.hpp"
#include "wire/bytes.hpp"
#include "wire/rules.hpp"

namespace wsconform::raw_server {

struct ReceivedClose {
  std::optional<std::uint16_t> code;    // absent for an empty body (or a tolerated 1-byte one)
  std::optional<wire::Rule> violation;  // the rule the body breaks, if the modes enforce it
};

ReceivedClose read_close_body(wire::ByteView body, const BrokenModes& modes,
                              const LiberalModes& liberties);

}  // namespace wsconform::raw_server
