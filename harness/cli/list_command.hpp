// `wsconform list`: the selected cases, one per line: id, level, title (aligned).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/case_selection.hpp"

namespace wsconform::cli {

CLI::App* add_list_command(CLI::App& app, CaseSelection& selection);
int list_command(const CaseSelection& selection);

}  // namespace wsconform::cli
