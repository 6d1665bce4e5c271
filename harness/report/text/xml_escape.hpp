// XML 1.0 escaping for untrusted text. The result is always well-formed character data:
// & < > " ' become entities; characters XML 1.0 does not allow (C0 controls other than tab, LF
// and CR, NUL) and bytes that are not UTF-8 (including encoded surrogates) become a visible
// "\xNN"; U+FFFE and U+FFFF become U+FFFD. No CDATA sections are used.
#pragma once

#include <string>
#include <string_view>

namespace wsconform::report {

std::string xml_escape_text(std::string_view text);
// As text, and tab, LF and CR as character references (attribute values normalise them away).
std::string xml_escape_attribute(std::string_view text);

}  // namespace wsconform::report
