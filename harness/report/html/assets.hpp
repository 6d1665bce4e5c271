// The inline stylesheet and script of report.html, and the Content-Security-Policy that allows
// exactly those two (by their SHA-256 hashes) and nothing else: no other script, no inline event
// handler, no style attribute, no network request of any kind.
#pragma once

#include <string>
#include <string_view>

namespace wsconform::report {

std::string_view html_stylesheet();
// Filters the case list (verdict, section, text; also from the URL fragment, e.g.
// "#verdict=fail,error&section=5.2&q=utf", and "open=c0-3,c0-7" opens those cases), opens the
// case a link such as "#c1-2" points at, and marks <html data-js="ready"> once it ran.
std::string_view html_script();

// "'sha256-<base64>'" of `text`, as a CSP source expression.
std::string csp_hash_source(std::string_view text);

// The policy for the page's <meta http-equiv="Content-Security-Policy">.
std::string html_content_security_policy();

}  // namespace wsconform::report
