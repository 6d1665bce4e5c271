#include "cli/fuzz_report.hpp"

#include <vector>

#include "cli/build_info.hpp"
#include "report/json/report.hpp"

namespace wsconform::cli {

report::Json fuzz_json(const fuzz::live::CampaignResult& result, const std::string& target,
                       std::uint64_t seed) {
  report::Json campaign = {{"target", target},
                           {"seed", seed},
                           {"duration_s", result.duration_s},
                           {"inputs", result.inputs},
                           {"inputs_per_s", result.inputs_per_s},
                           {"server_down", result.server_down},
                           {"crash_reruns", result.crash_reruns}};
  report::Json timeline = report::Json::array();
  for (const fuzz::live::TimelinePoint& point : result.timeline) {
    timeline.push_back({{"t_s", point.t_s},
                        {"inputs", point.inputs},
                        {"inputs_per_s", point.inputs_per_s},
                        {"corpus", point.corpus},
                        {"findings", point.findings}});
  }
  report::Json findings = report::Json::array();
  for (const fuzz::live::Finding& finding : result.findings) {
    findings.push_back({{"signature", finding.signature},
                        {"file", finding.file.string()},
                        {"verdict", finding.verdict},
                        {"reason", finding.reason}});
  }
  return {{"campaign", campaign}, {"timeline", timeline}, {"findings", findings}};
}

report::Json campaign_report(const fuzz::live::CampaignResult& result,
                             const fuzz::live::CampaignOptions& options,
                             std::chrono::system_clock::time_point started_at) {
  report::RunInfo run;
  run.tool_version = std::string(tool_version());
  run.target = options.target.url;
  run.started_at = started_at;
  run.duration_ms = result.duration_s * 1000.0;
  run.jobs = options.jobs;
  run.timeout_ms = options.timeout.count();
  run.seed = options.seed;
  run.interrupted = result.interrupted;
  std::vector<scenario::CaseResult> cases;
  for (const fuzz::live::Finding& finding : result.findings) cases.push_back(finding.result);
  report::Json report = report::build_json_report(run, cases);
  report["fuzz"] = fuzz_json(result, options.target.url, options.seed);
  return report;
}

}  // namespace wsconform::cli
