#include "cli/diff_command.hpp"

#include <fmt/format.h>

#include "cli/console_text.hpp"
#include "cli/diff_text.hpp"
#include "cli/exit_codes.hpp"
#include "cli/report_file.hpp"
#include "report/diff.hpp"

namespace wsconform::cli {

CLI::App* add_diff_command(CLI::App& report_command, DiffArguments& arguments) {
  CLI::App* command = report_command.add_subcommand(
      "diff", "Compare two report.json files: regressions, fixes (exit 1 on a regression)");
  command->add_option("OLD", arguments.old_file, "The earlier report.json (the baseline)")
      ->required();
  command->add_option("NEW", arguments.new_file, "The later report.json")->required();
  command->footer(
      "Exit status: 0 no regression, 1 a regression, 2 usage error or files that cannot be read "
      "or compared (another schema version, not a report).");
  return command;
}

int diff_command(const DiffArguments& arguments) {
  const report::Json old_report = parse_report_file(arguments.old_file);
  const report::Json new_report = parse_report_file(arguments.new_file);
  if (const auto problem =
          report::diff_incompatibility(old_report, new_report, console_text(arguments.old_file),
                                       console_text(arguments.new_file))) {
    throw CommandError(kExitUsage, *problem);
  }
  // The versions are readable; the fields compared must be there too.
  check_report_file_shape(old_report, arguments.old_file);
  check_report_file_shape(new_report, arguments.new_file);
  const report::Json diff = report::diff_reports(old_report, new_report);
  fmt::print("{}", diff_text(diff, arguments.old_file, arguments.new_file));
  return report::regression_count(diff) == 0 ? kExitConformant : kExitFailed;
}

}  // namespace wsconform::cli
