// report.json, the canonical report: run information, counts and every case. The other reports
// (junit.xml, summary.md) are derived from it. Schema: report.schema.json, docs/report-format.md.
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "report/json.hpp"
#include "report/run_info.hpp"
#include "scenario/runner.hpp"

namespace wsconform::report {

inline constexpr std::string_view kReportSchemaId = "wsconform-report/1";

Json build_json_report(const RunInfo& run, std::span<const scenario::CaseResult> results);

// The report as text (2-space indent, trailing newline). Strings are valid UTF-8 by construction;
// as a second guard, invalid UTF-8 is replaced rather than thrown on.
std::string dump_json_report(const Json& report);

// "2024-05-01T12:34:56.789Z"
std::string iso8601_utc(std::chrono::system_clock::time_point time);

// Throws std::invalid_argument unless `report` looks like a wsconform-report/1 document (the
// fields junit.xml and summary.md are derived from are present and of the right types).
void check_report_shape(const Json& report);

}  // namespace wsconform::report
