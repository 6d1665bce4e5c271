// The texts behind close_code_info: one entry per code with a registry entry (1000-1015) and one
// generic entry per stretch of numbers without one. Internal to the wire layer.
#pragma once

#include <cstdint>

#include "wire/semantics.hpp"

namespace wsconform::wire::detail {

// The texts of a code defined by RFC 6455 §7.4.1 or the IANA registry, or nullptr if it has none.
const Semantics* defined_close_code_semantics(std::uint32_t code);

// The generic text for a code without a registry entry, chosen by the stretch it falls in.
const Semantics& undefined_close_code_semantics(std::uint32_t code);

}  // namespace wsconform::wire::detail
