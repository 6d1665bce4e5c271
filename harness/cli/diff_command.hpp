// `wsconform report diff OLD.json NEW.json`: lists regressions (a conformant case that now
// fails), newly erroring cases, fixes (fail -> conformant) and other changes. Exit status: 1 when
// anything regressed, 0 otherwise, 2 on a usage error or a file that cannot be read or compared
// (another schema version, not a report), saying why.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace wsconform::cli {

struct DiffArguments {
  std::string old_file;
  std::string new_file;
};

// Adds `diff` under the `report` command.
CLI::App* add_diff_command(CLI::App& report_command, DiffArguments& arguments);
int diff_command(const DiffArguments& arguments);

}  // namespace wsconform::cli
