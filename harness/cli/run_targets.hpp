// `wsconform run` against one target or several: the selected cases run against each target in
// turn (each target's cases `--jobs` at a time), and the report built from the results: the
// single-target shape for one target, the "targets" shape for several (schema 2).
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "cli/console_progress.hpp"
#include "cli/target_list.hpp"
#include "report/json/json.hpp"
#include "report/json/run_info.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::cli {

struct TargetOutcome {
  std::string url;
  std::vector<scenario::CaseResult> results;  // the cases that finished
  double duration_ms = 0;
  scenario::RunEnd end;  // whether the run gave up on the server
};

// Stops before the next target once `interrupt` is set; the cases the interrupt cut short are
// left out of the results.
std::vector<TargetOutcome> run_against_targets(const std::vector<scenario::Case>& cases,
                                               const std::vector<TargetUrl>& targets,
                                               const scenario::RunOptions& options,
                                               const scenario::JudgeOptions& judge_options,
                                               ConsoleProgress& progress,
                                               const std::atomic<bool>& interrupt);

report::Json build_run_report(const report::RunInfo& run,
                              const std::vector<TargetOutcome>& outcomes);

std::size_t finished_cases(const std::vector<TargetOutcome>& outcomes);

}  // namespace wsconform::cli
