#include "report/json/fields.hpp"

#include <algorithm>

#include "report/json/targets.hpp"

namespace wsconform::report {

namespace {

const Json* find_field(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

void add_to(VerdictTally& tally, const std::string& verdict, double time_ms) {
  ++tally.total;
  ++tally.by_verdict[verdict];
  tally.time_ms += time_ms;
}

}  // namespace

std::string string_field(const Json& object, std::string_view key) {
  const Json* field = find_field(object, key);
  return field && field->is_string() ? field->get<std::string>() : std::string();
}

double number_field(const Json& object, std::string_view key) {
  const Json* field = find_field(object, key);
  return field && field->is_number() ? field->get<double>() : 0.0;
}

bool bool_field(const Json& object, std::string_view key) {
  const Json* field = find_field(object, key);
  return field && field->is_boolean() && field->get<bool>();
}

const Json& object_field(const Json& object, std::string_view key) {
  static const Json kNull = nullptr;
  const Json* field = find_field(object, key);
  return field ? *field : kNull;
}

const Json& array_field(const Json& object, std::string_view key) {
  static const Json kEmptyArray = Json::array();
  const Json* field = find_field(object, key);
  return field && field->is_array() ? *field : kEmptyArray;
}

std::string headline_reason(const Json& test_case) {
  const Json& reasons = array_field(test_case, "reasons");
  return !reasons.empty() && reasons.front().is_string() ? reasons.front().get<std::string>()
                                                         : std::string();
}

VerdictTally::VerdictTally() {
  for (const auto name : kVerdictOrder) by_verdict[std::string(name)] = 0;
}

std::int64_t VerdictTally::count(std::string_view verdict) const {
  const auto it = by_verdict.find(verdict);
  return it == by_verdict.end() ? 0 : it->second;
}

ReportTally tally_cases(const Json& report) {
  ReportTally tally;
  for (const TargetCase& entry : all_cases(target_runs(report))) {
    const Json& test_case = *entry.test_case;
    const std::string verdict = string_field(test_case, "verdict");
    const std::string section = string_field(test_case, "section");
    const double time_ms = number_field(test_case, "duration_ms");
    add_to(tally.overall, verdict, time_ms);
    auto it = std::find_if(tally.by_section.begin(), tally.by_section.end(),
                           [&](const auto& entry) { return entry.first == section; });
    if (it == tally.by_section.end()) {
      tally.by_section.emplace_back(section, VerdictTally{});
      it = std::prev(tally.by_section.end());
    }
    add_to(it->second, verdict, time_ms);
  }
  return tally;
}

}  // namespace wsconform::report
