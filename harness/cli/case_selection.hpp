// The cases a command works on: the suite loaded from --scenarios, narrowed by --cases and
// --exclude. Shared by `run` and `list`.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "scenario/model/case.hpp"

namespace wsconform::cli {

struct CaseSelection {
  std::string scenarios;             // a directory of *.yaml or one file
  std::vector<std::string> include;  // --cases globs; none: every case
  std::vector<std::string> exclude;  // --exclude globs
};

// Adds --scenarios, --cases and --exclude to `command`.
void add_case_selection_options(CLI::App& command, CaseSelection& selection);

// Loads and selects. A malformed scenario file is a CommandError (exit 2) naming file:line.
std::vector<scenario::Case> load_selected_cases(const CaseSelection& selection);

}  // namespace wsconform::cli
