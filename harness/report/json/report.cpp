#include "report/json/report.hpp"

#include <fmt/format.h>

#include <ctime>
#include <stdexcept>

#include "report/json/case.hpp"
#include "report/json/run_outcome.hpp"
#include "report/json/schema_version.hpp"
#include "report/text/utf8_text.hpp"
#include "scenario/model/verdict.hpp"

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

namespace {

// "conformant", "outcome", "counts" and "cases" of one target's results, counted into `overall`
// too.
struct TargetSection {
  Json by_verdict = zero_counts();
  Json by_section = Json::object();
  Json cases = Json::array();
  OutcomeTally outcome;
};

void add_results(TargetSection& section, std::span<const scenario::CaseResult> results,
                 TargetSection* overall) {
  for (const auto& result : results) {
    Json entry = case_json(result);
    const std::string verdict = entry["verdict"].get<std::string>();
    const std::string case_section = entry["section"].get<std::string>();
    for (TargetSection* into : {&section, overall}) {
      if (into == nullptr) continue;
      count_into(into->by_verdict, verdict);
      if (!into->by_section.contains(case_section)) into->by_section[case_section] = zero_counts();
      count_into(into->by_section[case_section], verdict);
      into->outcome.add(result.judgement.verdict);
    }
    section.cases.push_back(std::move(entry));
  }
}

// "conformant" and "outcome" (report_outcome() derives the latter for reports written without it).
void put_outcome(Json& into, const TargetSection& section) {
  const RunOutcome outcome = outcome_of(section.outcome);
  into["conformant"] = outcome == RunOutcome::conformant;
  into["outcome"] = std::string(to_string(outcome));
}

Json counts_json(const TargetSection& section) {
  return {{"by_verdict", section.by_verdict}, {"by_section", section.by_section}};
}

// schema, tool, target (single only), started_at, duration_ms, options, interrupted.
Json run_header(const RunInfo& run, const std::string* target) {
  Json report;
  report["schema"] = std::string(kReportSchemaId);
  report["tool"] = {{"name", "wsconform"}, {"version", replace_invalid_utf8(run.tool_version)}};
  if (target != nullptr) report["target"] = replace_invalid_utf8(*target);
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
  return report;
}

}  // namespace

Json build_json_report(const RunInfo& run, std::span<const scenario::CaseResult> results) {
  TargetSection section;
  add_results(section, results, nullptr);
  Json report = run_header(run, &run.target);
  put_outcome(report, section);
  report["counts"] = counts_json(section);
  report["cases"] = std::move(section.cases);
  return report;
}

Json build_multi_target_report(const RunInfo& run, std::span<const TargetResults> targets) {
  TargetSection overall;
  Json runs = Json::array();
  for (const auto& target : targets) {
    TargetSection section;
    add_results(section, target.results, &overall);
    Json entry = {{"target", replace_invalid_utf8(target.target)},
                  {"duration_ms", target.duration_ms}};
    put_outcome(entry, section);
    entry["counts"] = counts_json(section);
    entry["cases"] = std::move(section.cases);
    runs.push_back(std::move(entry));
  }
  Json report = run_header(run, nullptr);
  put_outcome(report, overall);
  report["counts"] = counts_json(overall);
  report["targets"] = std::move(runs);
  return report;
}

std::string dump_json_report(const Json& report) {
  return report.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

namespace {

void check_cases_shape(const Json& run, std::string_view where) {
  const auto cases = run.find("cases");
  if (cases == run.end() || !cases->is_array()) {
    throw std::invalid_argument(fmt::format("\"{}cases\" is missing or not an array", where));
  }
  std::size_t index = 0;
  for (const auto& entry : *cases) {
    if (!entry.is_object())
      throw std::invalid_argument(fmt::format("{}cases[{}] is not an object", where, index));
    for (const char* key : {"id", "section", "verdict"}) {
      const auto field = entry.find(key);
      if (field == entry.end() || !field->is_string()) {
        throw std::invalid_argument(
            fmt::format("{}cases[{}].{} is missing or not a string", where, index, key));
      }
    }
    ++index;
  }
}

}  // namespace

void check_report_shape(const Json& report) {
  if (const auto reason = unreadable_schema_reason(report)) throw std::invalid_argument(*reason);
  if (!report.contains("targets")) {
    check_cases_shape(report, "");
    return;
  }
  const Json& targets = report.at("targets");
  if (!targets.is_array()) throw std::invalid_argument("\"targets\" is not an array");
  if (schema_version(report).value_or(0) < 2) {
    throw std::invalid_argument("\"targets\" (several targets) needs wsconform-report/2");
  }
  for (std::size_t index = 0; index < targets.size(); ++index) {
    const Json& run = targets[index];
    const std::string where = fmt::format("targets[{}].", index);
    if (!run.is_object() || !run.contains("target") || !run.at("target").is_string()) {
      throw std::invalid_argument(fmt::format("{}target is missing or not a string", where));
    }
    check_cases_shape(run, where);
  }
}

}  // namespace wsconform::report
