// Two reports compared case by case: what regressed (a conformant verdict became fail), what
// newly errors, what was fixed (fail became conformant), and what else changed. The result is
// JSON, so `report diff` prints it, `run --baseline` stores it in report.json as "baseline", and
// summary.md and report.html render it from there.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "report/json/json.hpp"

namespace wsconform::report {

// pass, non-strict, informational: the verdicts of a case that met its requirement.
bool is_conformant_verdict(std::string_view verdict);

// nullopt when the two can be compared; else why not, naming which file ("OLD: it is
// wsconform-report/3, newer than ..."). `old_name` and `new_name` name the files in the message.
std::optional<std::string> diff_incompatibility(const Json& old_report, const Json& new_report,
                                                std::string_view old_name,
                                                std::string_view new_name);

// Cases are matched by id when both reports have one target (whatever its URL: a baseline from
// another port still compares), and by (target, id) when either has several.
// {"by_target": bool, "compared": N,
//  "regressions": [change], "new_errors": [change], "fixes": [change], "other_changes": [change],
//  "only_in_old": [{"target", "id"}], "only_in_new": [{"target", "id"}]}
// change = {"target", "id", "before", "after", "reason"} (reason: the new headline).
Json diff_reports(const Json& old_report, const Json& new_report);

// The "baseline" section of report.json (run --baseline): {"file", "schema", "started_at",
// "diff": diff_reports(baseline, report)}.
Json baseline_json(std::string_view file, const Json& baseline, const Json& report);

// The number of regressions in a diff made by diff_reports (0 for anything else).
std::size_t regression_count(const Json& diff);

}  // namespace wsconform::report
