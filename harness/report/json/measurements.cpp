#include "report/json/measurements.hpp"

#include <algorithm>
#include <numeric>

#include "report/text/utf8_text.hpp"

namespace wsconform::report {
namespace {

// MB/s (10^6 bytes a second) of `bytes` moved each way in `microseconds`; 0 when unmeasurable.
double megabytes_per_second(std::uint64_t bytes, std::int64_t microseconds) {
  if (microseconds <= 0) return 0;
  return static_cast<double>(bytes) / static_cast<double>(microseconds);
}

std::int64_t sum(const std::vector<std::int64_t>& values) {
  return std::accumulate(values.begin(), values.end(), std::int64_t{0});
}

Json timing_json(const std::vector<std::int64_t>& round_trip_us, std::uint64_t size) {
  return {{"mb_per_s", megabytes_per_second(size * round_trip_us.size(), sum(round_trip_us))},
          {"round_trip_us",
           {{"p50", percentile(round_trip_us, 50)},
            {"p90", percentile(round_trip_us, 90)},
            {"p99", percentile(round_trip_us, 99)},
            {"max", percentile(round_trip_us, 100)}}}};
}

}  // namespace

std::int64_t percentile(std::vector<std::int64_t> values, int percent) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  // Nearest rank: the smallest value with at least `percent`% of the values at or below it.
  const std::size_t rank = (values.size() * static_cast<std::size_t>(percent) + 99) / 100;
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

Json measurements_json(const std::vector<scenario::LoadRecord>& loads) {
  Json out = Json::array();
  for (const scenario::LoadRecord& load : loads) {
    // Only rounds whose echo came back whole and intact are timed.
    std::vector<std::int64_t> server_us;
    for (const scenario::LoadRound& round : load.rounds) {
      if (round.complete && !round.first_difference && !round.opcode_differs) {
        server_us.push_back(round.echoed_at_us - round.sent_at_us);
      }
    }
    const double server_rate = megabytes_per_second(load.size * server_us.size(), sum(server_us));
    Json entry = {{"size", load.size},
                  {"fragment_size", load.fragment_size},
                  {"chop", load.chop},
                  {"rounds_planned", load.rounds_planned},
                  {"rounds_echoed", server_us.size()},
                  {"server", timing_json(server_us, load.size)}};
    double bare_rate = 0;
    if (!load.bare_loop.error.empty()) {
      entry["bare_loop"] = {{"error", replace_invalid_utf8(load.bare_loop.error)}};
    } else {
      const std::vector<std::int64_t>& bare_us = load.bare_loop.round_trip_us;
      bare_rate = megabytes_per_second(load.size * bare_us.size(), sum(bare_us));
      entry["bare_loop"] = timing_json(bare_us, load.size);
    }
    entry["ratio"] =
        bare_rate > 0 && server_rate > 0 ? Json(server_rate / bare_rate) : Json(nullptr);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace wsconform::report
