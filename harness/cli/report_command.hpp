// `wsconform report --from report.json [--report-dir DIR]`: derives junit.xml, summary.md and
// report.html again from a saved report.json. `wsconform report diff OLD NEW` compares two.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/diff_command.hpp"

namespace wsconform::cli {

struct ReportArguments {
  std::string from;
  std::string report_dir;  // default: the directory holding --from
  DiffArguments diff;
  CLI::App* diff_command = nullptr;  // the `diff` subcommand, once added
};

CLI::App* add_report_command(CLI::App& app, ReportArguments& arguments);
int report_command(const ReportArguments& arguments);

}  // namespace wsconform::cli
