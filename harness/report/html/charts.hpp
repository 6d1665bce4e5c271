// The charts of report.html, drawn from the optional parts of report.json: a burst case's
// observed.burst (latency percentiles, what happened to connections over time) and the
// top-level "fuzz" campaign (inputs/s, corpus and findings over time). Both return "" when the
// part is absent or not an object.
#pragma once

#include <set>
#include <string>

#include "report/json/json.hpp"

namespace wsconform::report {

std::string burst_html(const Json& burst);
std::string fuzz_html(const Json& fuzz);

// Close codes and HTTP statuses a burst's timeline mentions (for their explanations).
void burst_codes(const Json& burst, std::set<int>& close_codes, std::set<int>& http_statuses);

}  // namespace wsconform::report
