// Reading a saved report.json for `report --from`, `report diff` and `run --baseline`: a file
// that cannot be opened or is not JSON is a CommandError (exit 2) naming the file.
#pragma once

#include <string>

#include "report/json/json.hpp"

namespace wsconform::cli {

// Parses `file` as JSON. Throws CommandError(kExitUsage) when it cannot.
report::Json parse_report_file(const std::string& file);

// report::check_report_shape, as a CommandError(kExitUsage) naming `file`.
void check_report_file_shape(const report::Json& report, const std::string& file);

// parse_report_file, then check_report_file_shape: a version this build reads, with the
// fields the derived reports need. Throws CommandError(kExitUsage) saying what is wrong.
report::Json read_report_file(const std::string& file);

}  // namespace wsconform::cli
