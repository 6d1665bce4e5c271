// What the results of a run say beyond the verdicts: whether the target was reachable at all,
// and which results are cases the runner cut short because the run was interrupted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenario/runner.hpp"

namespace wsconform::cli {

// The connect error when every case failed to connect (the target is unreachable), else nullopt.
std::optional<std::string> unreachable_target_problem(
    const std::vector<scenario::CaseResult>& results);

// True for a case that was in flight when the run was interrupted (the runner marks it an error
// with the harness error "interrupted"): it did not finish, so it is left out of the reports.
bool cut_short_by_interrupt(const scenario::CaseResult& result);

}  // namespace wsconform::cli
