// The version of report.json: "wsconform-report/N". Which versions this build writes and reads,
// and why a document cannot be read (so `report diff` and `run --baseline` can say so).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "report/json/json.hpp"

namespace wsconform::report {

inline constexpr std::string_view kReportSchemaPrefix = "wsconform-report/";
// 2: a report may cover several targets ("targets" instead of "target" and "cases"), and may
// carry the optional "baseline" and "fuzz" sections and observed.burst. A single-target report
// is otherwise the same as version 1.
inline constexpr int kReportSchemaVersion = 2;
inline constexpr std::string_view kReportSchemaId = "wsconform-report/2";
// The oldest version this build still reads: version 1 is version 2 with one target.
inline constexpr int kOldestReadableSchemaVersion = 1;

// N of "wsconform-report/N", or nullopt when `report` has no such "schema" string.
std::optional<int> schema_version(const Json& report);

// nullopt when this build reads `report`'s version; otherwise why not, in one sentence.
std::optional<std::string> unreadable_schema_reason(const Json& report);

}  // namespace wsconform::report
