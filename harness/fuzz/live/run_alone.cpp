#include "fuzz/live/run_alone.hpp"

#include <chrono>
#include <thread>
#include <vector>

#include "scenario/judge/judge.hpp"
#include "scenario/model/fault_hooks.hpp"
#include "scenario/model/verdict.hpp"
#include "scenario/runner/runner.hpp"

namespace wsconform::fuzz::live {
namespace {

using Clock = std::chrono::steady_clock;

// After a run alone whose connection dropped: how long a death may take to show.
constexpr std::chrono::milliseconds kDeathShowsWithin{100};
constexpr std::chrono::milliseconds kDeathPoll{2};

// Whether the supervised server died since `mark`, waiting a moment for the death to show and
// for its record (the server's last output) to be complete.
bool died_since(const scenario::FaultHooks& hooks, std::uint64_t mark) {
  const Clock::time_point until = Clock::now() + kDeathShowsWithin;
  for (;;) {
    if (hooks.unexpected_deaths() > mark && !hooks.settling()) return true;
    if (Clock::now() >= until) return hooks.unexpected_deaths() > mark;
    std::this_thread::sleep_for(kDeathPoll);
  }
}

}  // namespace

std::optional<scenario::CaseResult> run_alone(const scenario::Case& test_case,
                                              const scenario::Target& target,
                                              const scenario::RunOptions& options,
                                              const std::atomic<bool>* stop) {
  const scenario::FaultHooks* hooks = options.hooks;
  const std::uint64_t deaths_before = hooks != nullptr ? hooks->unexpected_deaths() : 0;
  std::vector<scenario::CaseResult> results = scenario::run_cases(
      std::vector<scenario::Case>{test_case}, target, options, scenario::JudgeOptions{}, {}, stop);
  if (results.empty()) return std::nullopt;
  scenario::CaseResult& result = results.front();
  if (result.transcript.interrupted) return std::nullopt;
  if (hooks != nullptr && result.transcript.server_deaths.empty() &&
      scenario::connection_dropped(result.transcript) && died_since(*hooks, deaths_before)) {
    result.transcript.server_deaths.push_back(hooks->describe_deaths_since(deaths_before));
    result.judgement = scenario::judge(test_case, result.transcript);
  }
  return std::move(result);
}

bool kills_the_server_together(const std::vector<scenario::Case>& cases,
                               const scenario::Target& target, const scenario::RunOptions& options,
                               const std::atomic<bool>* stop) {
  const scenario::FaultHooks* hooks = options.hooks;
  if (hooks == nullptr) return false;
  const std::uint64_t deaths_before = hooks->unexpected_deaths();
  scenario::run_cases(cases, target, options, scenario::JudgeOptions{}, {}, stop);
  return died_since(*hooks, deaths_before);
}

}  // namespace wsconform::fuzz::live
