// Minimizes a finding: drops items, shrinks payloads and clears fields while the same finding
// signature comes back, trying a round of candidates at once (one run_cases batch per round) and a
// bounded number of runs in all.
#pragma once

#include <cstddef>
#include <string>

#include "fuzz/live/live_input.hpp"
#include "fuzz/live/oracle.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::fuzz::live {

struct MinimizeOptions {
  std::size_t max_runs = 1000;  // candidate cases run, in all
  OracleOptions oracle;
};

struct MinimizeResult {
  LiveInput input;       // the smallest input found that reproduces (the original if none did)
  std::size_t runs = 0;  // candidate cases run
  std::size_t rounds = 0;
};

// `signature`: the finding's fold key (signature.hpp), which a candidate must reproduce with the
// verdict fail.
MinimizeResult minimize(const LiveInput& input, const std::string& signature,
                        const scenario::Target& target, const scenario::RunOptions& run_options,
                        const MinimizeOptions& options);

}  // namespace wsconform::fuzz::live
