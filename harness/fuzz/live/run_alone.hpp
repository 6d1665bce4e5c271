// One case run by itself, through the scheduler (so a supervised server is waited for and a crash
// is put on record). Alone, a death that shows only after the case was judged is still its own:
// a dying process's sockets close a moment before its exit can be seen.
#pragma once

#include <atomic>
#include <optional>
#include <vector>

#include "scenario/model/case.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::fuzz::live {

// Nullopt if `stop` cut it short.
std::optional<scenario::CaseResult> run_alone(const scenario::Case& test_case,
                                              const scenario::Target& target,
                                              const scenario::RunOptions& options,
                                              const std::atomic<bool>* stop = nullptr);

// Runs `cases` together (as a batch would) with nothing else running, and says whether the
// supervised server died meanwhile: whether they kill it together. False without hooks.
bool kills_the_server_together(const std::vector<scenario::Case>& cases,
                               const scenario::Target& target, const scenario::RunOptions& options,
                               const std::atomic<bool>* stop = nullptr);

}  // namespace wsconform::fuzz::live
