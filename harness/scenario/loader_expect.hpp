// What satisfies a case: `expect` and its `alternatives` (scenarios/README.md, "Expectations"
// and "Alternatives").
#pragma once

#include <vector>

#include "scenario/case.hpp"
#include "scenario/load_context.hpp"

namespace wsconform::scenario {

Outcome read_expect(const LoadContext& context, const yaml::Value& value);
// A list of outcomes, each with a `grade` and a `why`.
std::vector<Alternative> read_alternatives(const LoadContext& context, const yaml::Value& value);

}  // namespace wsconform::scenario
