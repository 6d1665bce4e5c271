// What satisfies a case: `expect` and its `alternatives` (scenarios/README.md, "Expectations"
// and "Alternatives").
#pragma once

#include <vector>

#include "scenario/loader/context.hpp"
#include "scenario/model/case.hpp"

namespace wsconform::scenario {

// One `expect` with no alternatives (a peer's): `fails` is refused there.
Expectation read_expect(const LoadContext& context, const yaml::Value& value);
// Reads `expect` and the optional `alternatives` (each with a `grade` and a `why`) into the case,
// with the alternatives a `fails` implies (grading.hpp).
void read_expectations(const LoadContext& context, const yaml::Value& expect,
                       const yaml::Value* alternatives, Case& c);

}  // namespace wsconform::scenario
