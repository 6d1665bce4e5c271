// `run --baseline FILE`: the baseline report is read and checked before any case runs (a file
// that cannot be compared stops the run with exit 2, saying why); after the run the comparison
// goes into report.json as "baseline", and from there into summary.md and report.html.
#pragma once

#include <optional>
#include <string>

#include "report/json/json.hpp"

namespace wsconform::cli {

// nullopt when `file` is empty (no --baseline). Throws CommandError(kExitUsage) otherwise when
// the file cannot be read or compared with a report of this build.
std::optional<report::Json> load_baseline(const std::string& file);

void attach_baseline(report::Json& report, const std::string& file, const report::Json& baseline);

}  // namespace wsconform::cli
