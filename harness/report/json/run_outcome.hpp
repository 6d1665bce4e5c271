// The outcome of a run, for one target or all of them, and the one place it is computed:
//
//   conformant      every case judged, none `fail`
//   not conformant  at least one `fail` (a fail wins over errors)
//   inconclusive    no `fail`, but at least one case the harness could not judge (`error`)
//
// `pass`, `non-strict`, `informational` and `unimplemented` (a trigger the target does not offer:
// deliberately not run) leave a run conformant. report.json carries the outcome as "outcome" (and
// "conformant": outcome == conformant); the console, summary.md, report.html, junit.xml and the
// exit status read it back through report_outcome() rather than working it out again.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "report/json/json.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::report {

enum class RunOutcome : std::uint8_t { conformant, not_conformant, inconclusive };

// "conformant", "not-conformant", "inconclusive": the values of report.json's "outcome".
std::string_view to_string(RunOutcome outcome);
std::optional<RunOutcome> run_outcome_named(std::string_view name);

// The verdicts that decide the outcome.
struct OutcomeTally {
  std::int64_t failed = 0;    // `fail`
  std::int64_t unjudged = 0;  // `error`, or a verdict this build does not know (as junit.xml)
  void add(scenario::Verdict verdict);
};

RunOutcome outcome_of(const OutcomeTally& tally);
OutcomeTally tally_outcome(std::span<const scenario::CaseResult> results);

struct ReportOutcome {
  RunOutcome outcome = RunOutcome::conformant;
  OutcomeTally tally;  // counted from the cases' verdicts
};

// The outcome of a report read back, or of one target's run in a multi-target report: its
// "outcome" when that is a known name; otherwise (reports written before "outcome" existed, or
// hand-edited ones) derived: not conformant when "conformant" is false or a case failed,
// inconclusive when a case could not be judged, else conformant.
ReportOutcome report_outcome(const Json& run);

// "inconclusive: 3 cases could not be judged" ("1 case").
std::string inconclusive_headline(std::int64_t unjudged);

}  // namespace wsconform::report
