// The options of `wsconform run` about targets, reports and the console: --targets FILE,
// --baseline FILE, --quiet, --verbose.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace wsconform::cli {

struct RunReportOptions {
  std::string targets_file;  // one URL per line, added to the --target URLs
  std::string baseline;      // a report.json to compare with (summary.md, report.html)
  bool quiet = false;        // only the final count line (and errors)
  bool verbose = false;      // each case's transcript on stderr
};

void add_run_report_options(CLI::App& command, RunReportOptions& options);

}  // namespace wsconform::cli
