#include "report/json_report.hpp"

#include <fmt/format.h>

#include <ctime>
#include <stdexcept>

#include "report/case_json.hpp"
#include "report/utf8_text.hpp"
#include "scenario/verdict.hpp"

namespace wsconform::report {

namespace {

constexpr scenario::Verdict kAllVerdicts[] = {
    scenario::Verdict::pass,          scenario::Verdict::non_strict,    scenario::Verdict::fail,
    scenario::Verdict::informational, scenario::Verdict::unimplemented, scenario::Verdict::error,
};

Json zero_counts() {
  Json counts;
  counts["total"] = 0;
  for (const auto verdict : kAllVerdicts) counts[std::string(scenario::verdict_name(verdict))] = 0;
  return counts;
}

void count_into(Json& counts, std::string_view verdict) {
  counts["total"] = counts["total"].get<std::int64_t>() + 1;
  Json& slot = counts[std::string(verdict)];
  slot = slot.get<std::int64_t>() + 1;
}

Json strings_json(const std::vector<std::string>& strings) {
  Json out = Json::array();
  for (const auto& s : strings) out.push_back(replace_invalid_utf8(s));
  return out;
}

}  // namespace

std::string iso8601_utc(std::chrono::system_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
  const std::time_t as_time_t = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&as_time_t, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     millis.count());
}

Json build_json_report(const RunInfo& run, std::span<const scenario::CaseResult> results) {
  Json by_verdict = zero_counts();
  Json by_section = Json::object();
  Json cases = Json::array();
  bool any_fail = false;
  for (const auto& result : results) {
    Json entry = case_json(result);
    const std::string verdict = entry["verdict"].get<std::string>();
    const std::string section = entry["section"].get<std::string>();
    count_into(by_verdict, verdict);
    if (!by_section.contains(section)) by_section[section] = zero_counts();
    count_into(by_section[section], verdict);
    any_fail = any_fail || result.judgement.verdict == scenario::Verdict::fail;
    cases.push_back(std::move(entry));
  }

  Json report;
  report["schema"] = std::string(kReportSchemaId);
  report["tool"] = {{"name", "wsconform"}, {"version", replace_invalid_utf8(run.tool_version)}};
  report["target"] = replace_invalid_utf8(run.target);
  report["started_at"] = iso8601_utc(run.started_at);
  report["duration_ms"] = run.duration_ms;
  report["options"] = {
      {"jobs", run.jobs},
      {"timeout_ms", run.timeout_ms},
      {"strict", run.strict},
      {"seed", run.seed},
      {"cases", strings_json(run.include)},
      {"exclude", strings_json(run.exclude)},
  };
  report["interrupted"] = run.interrupted;
  report["conformant"] = !any_fail;
  report["counts"] = {{"by_verdict", by_verdict}, {"by_section", by_section}};
  report["cases"] = std::move(cases);
  return report;
}

std::string dump_json_report(const Json& report) {
  return report.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

void check_report_shape(const Json& report) {
  if (!report.is_object()) throw std::invalid_argument("the top level is not a JSON object");
  const auto schema = report.find("schema");
  if (schema == report.end() || !schema->is_string() || *schema != kReportSchemaId) {
    throw std::invalid_argument(fmt::format(
        "\"schema\" is not \"{}\" (not a wsconform report, or another version)", kReportSchemaId));
  }
  const auto cases = report.find("cases");
  if (cases == report.end() || !cases->is_array()) {
    throw std::invalid_argument("\"cases\" is missing or not an array");
  }
  std::size_t index = 0;
  for (const auto& entry : *cases) {
    if (!entry.is_object())
      throw std::invalid_argument(fmt::format("cases[{}] is not an object", index));
    for (const char* key : {"id", "section", "verdict"}) {
      const auto field = entry.find(key);
      if (field == entry.end() || !field->is_string()) {
        throw std::invalid_argument(
            fmt::format("cases[{}].{} is missing or not a string", index, key));
      }
    }
    ++index;
  }
}

}  // namespace wsconform::report
