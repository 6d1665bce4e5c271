// The burst's summary figures, computed from its per-connection records and the counts the runner
// kept while it ran. Pure: tested without a network.
#pragma once

#include <cstddef>
#include <vector>

#include "scenario/model/burst.hpp"

namespace wsconform::overload {

// What the records alone cannot tell.
struct BurstCounts {
  std::size_t connected = 0;      // TCP connects that completed
  std::size_t peak_open = 0;      // most connections open at once
  std::size_t peak_upgraded = 0;  // most upgraded connections open at once
};

// Nearest-rank percentile (`fraction` in [0, 1]) of `sorted` (ascending); 0 when it is empty.
double nearest_rank(const std::vector<double>& sorted, double fraction);

// Fills every field but the recovery ones.
scenario::BurstMetrics compute_metrics(const std::vector<scenario::BurstConnection>& connections,
                                       const BurstCounts& counts, double elapsed_ms);

}  // namespace wsconform::overload
