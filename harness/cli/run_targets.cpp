#include "cli/run_targets.hpp"

#include <chrono>

#include "cli/run_outcome.hpp"
#include "report/json/report.hpp"
#include "scenario/runner/runner.hpp"

namespace wsconform::cli {

std::vector<TargetOutcome> run_against_targets(const std::vector<scenario::Case>& cases,
                                               const std::vector<TargetUrl>& targets,
                                               const scenario::RunOptions& options,
                                               const scenario::JudgeOptions& judge_options,
                                               ConsoleProgress& progress,
                                               const std::atomic<bool>& interrupt) {
  const bool several = targets.size() > 1;
  std::vector<TargetOutcome> outcomes;
  for (const TargetUrl& target : targets) {
    if (!outcomes.empty() && interrupt.load()) break;
    const std::string label = several ? target.url : std::string();
    const auto started = std::chrono::steady_clock::now();
    TargetOutcome outcome{target.url, {}, 0, {}};
    outcome.results = scenario::run_cases(
        cases, target.target, options, judge_options,
        [&](const scenario::CaseResult& result) {
          if (!(interrupt.load() && cut_short_by_interrupt(result))) {
            progress.case_done(result, label);
          }
        },
        &interrupt, &outcome.end);
    outcome.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    if (interrupt.load()) std::erase_if(outcome.results, cut_short_by_interrupt);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

report::Json build_run_report(const report::RunInfo& run,
                              const std::vector<TargetOutcome>& outcomes) {
  if (outcomes.size() == 1) {
    report::RunInfo single = run;
    single.target = outcomes.front().url;
    return report::build_json_report(single, outcomes.front().results);
  }
  std::vector<report::TargetResults> targets;
  for (const TargetOutcome& outcome : outcomes) {
    targets.push_back({outcome.url, outcome.results, outcome.duration_ms});
  }
  return report::build_multi_target_report(run, targets);
}

std::size_t finished_cases(const std::vector<TargetOutcome>& outcomes) {
  std::size_t count = 0;
  for (const TargetOutcome& outcome : outcomes) count += outcome.results.size();
  return count;
}

}  // namespace wsconform::cli
