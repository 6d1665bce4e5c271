#include "report/json/targets.hpp"

#include "report/json/fields.hpp"

namespace wsconform::report {

bool is_multi_target(const Json& report) {
  return report.is_object() && report.contains("targets") && report.at("targets").is_array();
}

std::vector<TargetRun> target_runs(const Json& report) {
  std::vector<TargetRun> runs;
  if (!is_multi_target(report)) {
    runs.push_back({string_field(report, "target"), &report});
    return runs;
  }
  for (const auto& run : report.at("targets")) {
    if (run.is_object()) runs.push_back({string_field(run, "target"), &run});
  }
  return runs;
}

std::vector<TargetCase> all_cases(const std::vector<TargetRun>& runs) {
  std::vector<TargetCase> cases;
  for (std::size_t index = 0; index < runs.size(); ++index) {
    for (const auto& test_case : array_field(*runs[index].run, "cases")) {
      cases.push_back({runs[index].target, index, &test_case});
    }
  }
  return cases;
}

}  // namespace wsconform::report
