// The `defaults` map of a scenario file, merged into each case.
#pragma once

#include "scenario/loader/yaml_tree.hpp"

namespace wsconform::scenario {

// `case_map` with the entries of `defaults` it lacks. Where both hold a map under the same key,
// the two maps merge one level (the case's entries win). `defaults` may be nullptr.
yaml::Value merge_defaults(const yaml::Value& case_map, const yaml::Value* defaults);

}  // namespace wsconform::scenario
