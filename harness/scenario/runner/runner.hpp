// Runs cases against a target, many at once, each on its own connection, and records transcripts.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model/run.hpp"

namespace wsconform::scenario {

// Runs one case to completion (blocking) and returns its transcript.
Transcript run_case(const Case& test_case, const Target& target, const RunOptions& options);

// Runs `cases` `options.jobs` at a time, judges each, and calls `on_done` as each one finishes
// (from the calling thread). Stops starting new cases once `stop` becomes true; cases in flight
// are cut short and reported as error ("interrupted"). Results are in the order of `cases`, for
// the cases that ran.
std::vector<CaseResult> run_cases(const std::vector<Case>& cases, const Target& target,
                                  const RunOptions& options, const JudgeOptions& judge_options,
                                  const std::function<void(const CaseResult&)>& on_done = {},
                                  const std::atomic<bool>* stop = nullptr, RunEnd* end = nullptr);

}  // namespace wsconform::scenario
