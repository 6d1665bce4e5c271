// Markdown escaping for untrusted text shown inline or in a table cell (GitHub-flavoured): the
// result cannot start markup, links, HTML or code, nor break out of a table row.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wsconform::report {

// Backslash-escapes \ ` * _ [ ] | ~; writes & < > as entities; a newline or CR
// becomes a space, other control characters and invalid UTF-8 bytes a visible "\xNN". The text
// is cut to `max_bytes` of input first (0: no limit).
std::string markdown_escape(std::string_view text, std::size_t max_bytes = 0);

}  // namespace wsconform::report
