#include "report/json/case.hpp"

#include <set>

#include "report/json/fault.hpp"
#include "report/json/measurements.hpp"
#include "report/json/observed.hpp"
#include "report/json/timeline.hpp"
#include "report/text/utf8_text.hpp"
#include "scenario/judge/judge.hpp"

namespace wsconform::report {

namespace {

Json expected_json(const scenario::Case& c) {
  Json alternatives = Json::array();
  for (const auto& alternative : c.alternatives) {
    alternatives.push_back({
        {"grade", std::string(scenario::grade_name(alternative.grade))},
        {"why", replace_invalid_utf8(alternative.expect.why)},
        {"summary", replace_invalid_utf8(scenario::describe_expectation(alternative.expect))},
    });
  }
  std::set<int> close_codes;
  std::set<int> http_statuses;
  const auto collect = [&](const scenario::Expectation& expectation) {
    if (expectation.close)
      close_codes.insert(expectation.close->codes.begin(), expectation.close->codes.end());
    http_statuses.insert(expectation.http_status.begin(), expectation.http_status.end());
    if (expectation.burst) {
      close_codes.insert(expectation.burst->shed_codes.begin(),
                         expectation.burst->shed_codes.end());
      http_statuses.insert(expectation.burst->refusal_statuses.begin(),
                           expectation.burst->refusal_statuses.end());
    }
  };
  collect(c.expect);
  for (const auto& alternative : c.alternatives) collect(alternative.expect);
  for (const auto& group : c.peers) collect(group.expect);
  return {{"summary", replace_invalid_utf8(scenario::describe_expectation(c.expect))},
          {"alternatives", alternatives},
          {"close_codes", close_codes},
          {"http_statuses", http_statuses}};
}

Json reasons_json(const std::vector<std::string>& reasons) {
  Json out = Json::array();
  for (const auto& reason : reasons) out.push_back(replace_invalid_utf8(reason));
  return out;
}

}  // namespace

Json case_json(const scenario::CaseResult& result) {
  const scenario::Case* c = result.test_case;
  const scenario::Transcript& t = result.transcript;
  Json out;
  out["id"] = replace_invalid_utf8(c ? c->id : t.case_id);
  out["title"] = c ? replace_invalid_utf8(c->title) : std::string();
  out["section"] = c ? replace_invalid_utf8(c->requirement.section) : std::string();
  out["level"] = c ? std::string(scenario::level_name(c->requirement.level)) : std::string();
  out["requirement"] = c ? replace_invalid_utf8(c->requirement.text) : std::string();
  out["source"] = c ? Json{{"file", replace_invalid_utf8(c->where.file)}, {"line", c->where.line}}
                    : Json(nullptr);
  out["verdict"] = std::string(scenario::verdict_name(result.judgement.verdict));
  out["reasons"] = reasons_json(result.judgement.reasons);
  out["expected"] = c ? expected_json(*c) : Json(nullptr);
  out["observed"] = observed_json(t);
  if (!t.peers.empty()) out["observed"]["peers"] = peers_json(c, t.peers);
  if (t.burst) out["observed"]["burst"] = burst_json(*t.burst);
  if (!t.loads.empty()) out["measurements"] = measurements_json(t.loads);
  if (!t.server_deaths.empty()) {
    Json deaths = Json::array();
    for (const std::string& death : t.server_deaths) deaths.push_back(replace_invalid_utf8(death));
    out["observed"]["server_deaths"] = deaths;
  }
  out["events"] = timeline_json(t.events);
  out["duration_ms"] = result.duration_ms;
  return out;
}

}  // namespace wsconform::report
