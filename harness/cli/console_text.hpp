// Untrusted text (server bytes inside reasons) made safe for a terminal: no escape sequences, no
// line breaks, valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "report/text/escape.hpp"

namespace wsconform::cli {

// How much of a case's reason a console line shows.
inline constexpr std::size_t kMaxReasonOnConsole = 200;

// C0 and C1 control characters, DEL and invalid UTF-8 bytes become a visible "\xNN"; a newline
// or CR a space. Cut to about `max_bytes` (0: no limit), with "…" when cut.
inline std::string console_text(std::string_view text, std::size_t max_bytes = 0) {
  return report::escape(text, report::EscapeContext::console, max_bytes);
}

}  // namespace wsconform::cli
