// summary.md, derived from report.json, for CI job summaries: the overall verdict, counts by
// verdict and by section, then the cases that failed, were non-strict or could not run.
#pragma once

#include <string>

#include "report/json/json.hpp"

namespace wsconform::report {

// Most cases listed per verdict; the rest are counted ("… and 12 more, see report.json").
inline constexpr std::size_t kMaxListedCases = 100;

std::string render_markdown_summary(const Json& report);

}  // namespace wsconform::report
