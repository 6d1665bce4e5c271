// Brings a BurstSpec within the engine's hard bounds (burst.hpp's kMax*) and its own minimums,
// saying in plain words what it changed.
#pragma once

#include <string>
#include <vector>

#include "scenario/model/burst.hpp"

namespace wsconform::overload {

// Rates below this are raised to it (a slower pace would outlast any burst).
inline constexpr double kMinRatePerSecond = 1.0 / 600;

// Adjusts `spec` in place and appends a note for every change.
void apply_spec_bounds(scenario::BurstSpec& spec, std::vector<std::string>& notes);

}  // namespace wsconform::overload
