#include "cli/run_baseline.hpp"

#include <fmt/format.h>

#include "cli/console_text.hpp"
#include "cli/exit_codes.hpp"
#include "cli/report_file.hpp"
#include "report/diff.hpp"
#include "report/json/schema_version.hpp"

namespace wsconform::cli {

std::optional<report::Json> load_baseline(const std::string& file) {
  if (file.empty()) return std::nullopt;
  report::Json baseline = parse_report_file(file);
  if (const auto reason = report::unreadable_schema_reason(baseline)) {
    throw CommandError(kExitUsage, fmt::format("--baseline: cannot compare with {}: {}",
                                               console_text(file), *reason));
  }
  check_report_file_shape(baseline, file);
  return baseline;
}

void attach_baseline(report::Json& report, const std::string& file, const report::Json& baseline) {
  report["baseline"] = report::baseline_json(file, baseline, report);
}

}  // namespace wsconform::cli
