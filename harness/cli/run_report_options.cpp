#include "cli/run_report_options.hpp"

namespace wsconform::cli {

void add_run_report_options(CLI::App& command, RunReportOptions& options) {
  command
      .add_option("--targets", options.targets_file,
                  "File of target URLs, one per line ('#' comments); with --target, all run")
      ->type_name("FILE");
  command
      .add_option("--baseline", options.baseline,
                  "A report.json to compare with: regressions and fixes go into summary.md, "
                  "report.html and report.json")
      ->type_name("FILE");
  CLI::Option* quiet =
      command.add_flag("--quiet,-q", options.quiet, "Print only the final count line and errors");
  command.add_flag("--verbose,-v", options.verbose, "Print each case's transcript to stderr")
      ->excludes(quiet);
}

}  // namespace wsconform::cli
