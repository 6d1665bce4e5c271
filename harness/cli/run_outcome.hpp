// What the results of a run say beyond the verdicts: the exit status its outcome maps to, whether
// the target was reachable at all, and which results are cases the runner cut short because the
// run was interrupted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/json/json.hpp"
#include "report/json/run_outcome.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::cli {

// 0 conformant, 1 not conformant (kExitFailed), 3 inconclusive (kExitInconclusive).
int exit_status(report::RunOutcome outcome);
// The exit status of a finished run from its report (report::report_outcome), the way `run` and
// `replay` end.
int exit_status_of_report(const report::Json& report);

// The connect error when every case failed to connect (the target is unreachable), else nullopt.
std::optional<std::string> unreachable_target_problem(
    const std::vector<scenario::CaseResult>& results);

// True for a case that was in flight when the run was interrupted (Transcript::interrupted): it
// did not finish, so it is left out of the reports.
bool cut_short_by_interrupt(const scenario::CaseResult& result);

}  // namespace wsconform::cli
