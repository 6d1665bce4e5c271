// `wsconform run`: runs the selected cases against one target or several, shows progress (see
// console_style.hpp), prints a count line, and writes report.json, junit.xml, summary.md and
// report.html.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/case_selection.hpp"
#include "cli/run_report_options.hpp"

namespace wsconform::cli {

struct RunArguments {
  std::vector<std::string> targets;  // --target, repeatable
  RunReportOptions report_options;   // --targets, --baseline, --quiet, --verbose
  std::string profile;
  CaseSelection selection;
  unsigned jobs = 0;  // 0: not given (default_run_jobs)
  std::int64_t timeout_ms = 10000;
  std::int64_t step_timeout_ms = 2000;
  unsigned give_up_after = 16;         // silent cases in a row before the run gives up; 0: never
  std::uint64_t max_message_size = 0;  // declared by the user; 0: not given
  bool strict = false;
  std::string report_dir = "reports";
  std::uint64_t seed = 1;
  bool insecure = false;
  bool server_output = false;
};

CLI::App* add_run_command(CLI::App& app, RunArguments& arguments);

// Returns the exit status: 0 conformant, 1 a case failed, 2 usage/connection, 3 inconclusive (no
// case failed, some could not be judged), 130 interrupted.
int run_command(const RunArguments& arguments);

}  // namespace wsconform::cli
