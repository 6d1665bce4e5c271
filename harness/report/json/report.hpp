// report.json, the canonical report: run information, counts and every case. The other reports
// (junit.xml, summary.md) are derived from it. Schema: report.schema.json, docs/report-format.md.
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "report/json/json.hpp"
#include "report/json/run_info.hpp"
#include "report/json/schema_version.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::report {

// One report for one target: "target" and "cases" at the top level. "conformant" and "outcome"
// ("conformant", "not-conformant", "inconclusive": see run_outcome.hpp) say what the run comes to.
Json build_json_report(const RunInfo& run, std::span<const scenario::CaseResult> results);

// The same cases run against several targets: "targets", one entry per target, each with its own
// "conformant", "outcome", "counts" and "cases"; the top-level ones cover them all.
struct TargetResults {
  std::string target;  // the URL as given
  std::span<const scenario::CaseResult> results;
  double duration_ms = 0;
};
Json build_multi_target_report(const RunInfo& run, std::span<const TargetResults> targets);

// The report as text (2-space indent, trailing newline). Strings are valid UTF-8 by construction;
// as a second guard, invalid UTF-8 is replaced rather than thrown on.
std::string dump_json_report(const Json& report);

// "2024-05-01T12:34:56.789Z"
std::string iso8601_utc(std::chrono::system_clock::time_point time);

// Throws std::invalid_argument unless `report` is a version this build reads (1 or 2, see
// schema_version.hpp) and the fields the derived reports read are present and of the right
// types, for one target or several.
void check_report_shape(const Json& report);

}  // namespace wsconform::report
