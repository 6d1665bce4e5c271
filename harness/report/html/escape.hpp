// HTML escaping for untrusted text (server bytes inside reasons, headers, payloads), safe in
// element content and in quoted attribute values alike: & < > " ' become entities, so nothing
// can open a tag, end an attribute or start a character reference; C0 controls other than tab,
// LF and CR (NUL included), DEL, C1 controls and bytes that are not UTF-8 become a visible
// "\xNN"; U+2028 and U+2029 become numeric references, noncharacters U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace wsconform::report {

std::string html_escape(std::string_view text);

}  // namespace wsconform::report
