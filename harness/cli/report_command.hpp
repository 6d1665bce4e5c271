// `wsconform report --from report.json [--report-dir DIR]`: derives junit.xml and summary.md
// again from a saved report.json.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace wsconform::cli {

struct ReportArguments {
  std::string from;
  std::string report_dir;  // default: the directory holding --from
};

CLI::App* add_report_command(CLI::App& app, ReportArguments& arguments);
int report_command(const ReportArguments& arguments);

}  // namespace wsconform::cli
