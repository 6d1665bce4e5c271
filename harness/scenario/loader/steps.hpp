// The steps of a case (scenarios/README.md, "Steps").
#pragma once

#include <vector>

#include "scenario/loader/context.hpp"
#include "scenario/model/case.hpp"

namespace wsconform::scenario {

// A non-empty list of one-key maps ({send: {...}}, {close: {...}}, ...); a handshake may only be
// the first step. Each step's location is the line it starts on.
std::vector<LocatedStep> read_steps(const LoadContext& context, const yaml::Value& list);

}  // namespace wsconform::scenario
