// A live input's case as a scenario file (scenarios/README.md), written with yaml-cpp's emitter,
// that the scenario loader reads back to the same case: how findings and corpus entries are saved.
#pragma once

#include <string>
#include <vector>

#include "scenario/model/case.hpp"

namespace wsconform::fuzz::live {

// A file holding `test_case` (send, send_raw, close and await steps; expect and alternatives as
// the oracle writes them), `comments` first, one "# " line each.
std::string case_file_yaml(const scenario::Case& test_case,
                           const std::vector<std::string>& comments = {});

// Several cases in one file (cases with the same section).
std::string cases_file_yaml(const std::vector<scenario::Case>& cases,
                            const std::vector<std::string>& comments = {});

}  // namespace wsconform::fuzz::live
