#include "report/json/case.hpp"

#include <set>

#include "report/json/fault.hpp"
#include "report/json/observed.hpp"
#include "report/json/timeline.hpp"
#include "report/text/expectation_text.hpp"
#include "report/text/utf8_text.hpp"

namespace wsconform::report {

namespace {

Json expected_json(const scenario::Case& c) {
  Json alternatives = Json::array();
  for (const auto& alternative : c.alternatives) {
    alternatives.push_back({
        {"grade", std::string(grade_name(alternative.grade))},
        {"why", replace_invalid_utf8(alternative.expect.why)},
        {"summary", describe_expectation(alternative.expect)},
    });
  }
  std::set<int> close_codes;
  std::set<int> http_statuses;
  const auto collect = [&](const scenario::Expectation& outcome) {
    if (outcome.close) close_codes.insert(outcome.close->codes.begin(), outcome.close->codes.end());
    http_statuses.insert(outcome.http_status.begin(), outcome.http_status.end());
    if (outcome.burst) {
      close_codes.insert(outcome.burst->shed_codes.begin(), outcome.burst->shed_codes.end());
      http_statuses.insert(outcome.burst->refusal_statuses.begin(),
                           outcome.burst->refusal_statuses.end());
    }
  };
  collect(c.expect);
  for (const auto& alternative : c.alternatives) collect(alternative.expect);
  for (const auto& group : c.peers) collect(group.expect);
  return {{"summary", describe_expectation(c.expect)},
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
