// Byte literals for tests: hex the test itself wrote, and the example values of RFC 6455.
#pragma once

#include <string_view>

#include "wire/bytes.hpp"
#include "wire/frame.hpp"

namespace wsconform::testing {

// Invalid hex here is a bug in the test, so it throws (std::bad_optional_access).
inline wire::Bytes hex(std::string_view text) {
  return wire::from_hex(text).value();
}

// The masking key of the examples in RFC 6455 §5.7.
inline const wire::MaskKey kRfcExampleMaskKey{0x37, 0xfa, 0x21, 0x3d};

}  // namespace wsconform::testing
