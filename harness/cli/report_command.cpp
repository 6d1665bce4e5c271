#include "cli/report_command.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "cli/exit_codes.hpp"
#include "cli/report_file.hpp"
#include "report/writer.hpp"

namespace wsconform::cli {

CLI::App* add_report_command(CLI::App& app, ReportArguments& arguments) {
  CLI::App* command = app.add_subcommand(
      "report",
      "Write junit.xml, summary.md and report.html again from a report.json (--from), or "
      "compare two reports (report diff)");
  command->add_option("--from", arguments.from, "The report.json to derive from")
      ->type_name("FILE");
  command
      ->add_option("--report-dir", arguments.report_dir,
                   "Where junit.xml, summary.md and report.html go (default: beside --from)")
      ->type_name("DIR");
  command->require_subcommand(0, 1);
  arguments.diff_command = add_diff_command(*command, arguments.diff);
  return command;
}

int report_command(const ReportArguments& arguments) {
  if (arguments.diff_command != nullptr && arguments.diff_command->parsed()) {
    return diff_command(arguments.diff);
  }
  if (arguments.from.empty()) {
    throw CommandError(kExitUsage,
                       "report: --from FILE is required (or compare two reports: report diff OLD "
                       "NEW)");
  }
  const report::Json report = read_report_file(arguments.from);
  std::filesystem::path directory = arguments.report_dir;
  if (directory.empty()) {
    directory = std::filesystem::path(arguments.from).parent_path();
    if (directory.empty()) directory = ".";
  }
  try {
    report::write_derived_reports(directory, report);
  } catch (const report::ReportWriteError& error) {
    throw CommandError(kExitUsage, error.what());
  }
  fmt::print("wrote {}, {} and {}\n", (directory / "junit.xml").string(),
             (directory / "summary.md").string(), (directory / "report.html").string());
  return kExitConformant;
}

}  // namespace wsconform::cli
