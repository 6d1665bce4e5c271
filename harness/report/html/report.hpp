// report.html, derived from report.json: one self-contained page (inline CSS, inline script,
// inline SVG; nothing loaded from anywhere) with the overall verdict, counts by verdict and by
// section, the comparison with a baseline, the cases × targets matrix, the fuzz campaign, and
// every case with its requirement, expected and observed, wire transcript and the meaning of its
// codes. Everything is rendered here, HTML-escaped; the script only filters (the page shows
// every case without it), and the page's CSP allows no other script.
#pragma once

#include <string>

#include "report/json/json.hpp"

namespace wsconform::report {

std::string render_html(const Json& report);

}  // namespace wsconform::report
