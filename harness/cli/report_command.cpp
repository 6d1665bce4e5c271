#include "cli/report_command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "cli/exit_codes.hpp"
#include "report/json_report.hpp"
#include "report/report_writer.hpp"

namespace wsconform::cli {

namespace {

report::Json read_report(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CommandError(kExitUsage, fmt::format("cannot open {}", file));
  report::Json report;
  try {
    report = report::Json::parse(in);
  } catch (const report::Json::parse_error& error) {
    throw CommandError(kExitUsage, fmt::format("{} is not valid JSON: {}", file, error.what()));
  }
  try {
    report::check_report_shape(report);
  } catch (const std::invalid_argument& error) {
    throw CommandError(kExitUsage, fmt::format("{}: {}", file, error.what()));
  }
  return report;
}

}  // namespace

CLI::App* add_report_command(CLI::App& app, ReportArguments& arguments) {
  CLI::App* command =
      app.add_subcommand("report", "Write junit.xml and summary.md again from a report.json");
  command->add_option("--from", arguments.from, "The report.json to derive from")
      ->type_name("FILE")
      ->required();
  command
      ->add_option("--report-dir", arguments.report_dir,
                   "Where junit.xml and summary.md go (default: beside --from)")
      ->type_name("DIR");
  return command;
}

int report_command(const ReportArguments& arguments) {
  const report::Json report = read_report(arguments.from);
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
  fmt::print("wrote {} and {}\n", (directory / "junit.xml").string(),
             (directory / "summary.md").string());
  return kExitConformant;
}

}  // namespace wsconform::cli
