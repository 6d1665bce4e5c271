#include "cli/report_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

#include "cli/console_text.hpp"
#include "cli/exit_codes.hpp"
#include "report/json/report.hpp"

namespace wsconform::cli {

report::Json parse_report_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CommandError(kExitUsage, fmt::format("cannot open {}", console_text(file)));
  try {
    return report::Json::parse(in);
  } catch (const report::Json::parse_error& error) {
    throw CommandError(kExitUsage, fmt::format("{} is not valid JSON: {}", console_text(file),
                                               console_text(error.what())));
  }
}

report::Json read_report_file(const std::string& file) {
  report::Json report = parse_report_file(file);
  check_report_file_shape(report, file);
  return report;
}

void check_report_file_shape(const report::Json& report, const std::string& file) {
  try {
    report::check_report_shape(report);
  } catch (const std::invalid_argument& error) {
    throw CommandError(kExitUsage,
                       fmt::format("{}: {}", console_text(file), console_text(error.what())));
  }
}

}  // namespace wsconform::cli
