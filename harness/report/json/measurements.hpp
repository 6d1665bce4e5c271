// The figures of a case's echo_load steps in report.json: throughput and round-trip percentiles
// of the server beside a bare TCP loop timed in the same run. Informational: no verdict reads them.
#pragma once

#include <cstdint>
#include <vector>

#include "report/json/json.hpp"
#include "scenario/model/transcript.hpp"

namespace wsconform::report {

// The nearest-rank percentile (0-100) of `values`; 0 for none. Sorts a copy.
std::int64_t percentile(std::vector<std::int64_t> values, int percent);

// One entry per load: "size", "fragment_size", "chop", "rounds_planned", "rounds_echoed",
// "server" and "bare_loop" ({"mb_per_s", "round_trip_us": {"p50", "p90", "p99", "max"}}, or
// {"error"} for a loop that could not run) and "ratio" (server MB/s over the loop's, or null).
Json measurements_json(const std::vector<scenario::LoadRecord>& loads);

}  // namespace wsconform::report
