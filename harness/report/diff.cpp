#include "report/diff.hpp"

#include <fmt/format.h>

#include <map>
#include <utility>

#include "report/json/fields.hpp"
#include "report/json/schema_version.hpp"
#include "report/json/targets.hpp"
#include "report/text/utf8_text.hpp"

namespace wsconform::report {

namespace {

using Key = std::pair<std::string, std::string>;  // (target or "", id)

struct Entry {
  std::string target;
  std::string id;
  std::string verdict;
  std::string reason;
};

// Cases in report order, keyed; a repeated key keeps its first case.
struct Indexed {
  std::vector<Key> order;
  std::map<Key, Entry> entries;
};

Indexed index_cases(const Json& report, bool by_target) {
  Indexed indexed;
  for (const TargetCase& item : all_cases(target_runs(report))) {
    Entry entry{item.target, string_field(*item.test_case, "id"),
                string_field(*item.test_case, "verdict"), headline_reason(*item.test_case)};
    Key key{by_target ? entry.target : std::string(), entry.id};
    if (indexed.entries.emplace(key, entry).second) indexed.order.push_back(key);
  }
  return indexed;
}

Json change_json(const Entry& before, const Entry& after) {
  return {{"target", after.target},
          {"id", after.id},
          {"before", before.verdict},
          {"after", after.verdict},
          {"reason", after.reason}};
}

Json key_json(const Entry& entry) {
  return {{"target", entry.target}, {"id", entry.id}};
}

}  // namespace

bool is_conformant_verdict(std::string_view verdict) {
  return verdict == "pass" || verdict == "non-strict" || verdict == "informational";
}

std::optional<std::string> diff_incompatibility(const Json& old_report, const Json& new_report,
                                                std::string_view old_name,
                                                std::string_view new_name) {
  if (auto reason = unreadable_schema_reason(old_report)) {
    return fmt::format("cannot compare: {}: {}", old_name, *reason);
  }
  if (auto reason = unreadable_schema_reason(new_report)) {
    return fmt::format("cannot compare: {}: {}", new_name, *reason);
  }
  return std::nullopt;
}

Json diff_reports(const Json& old_report, const Json& new_report) {
  const bool by_target = is_multi_target(old_report) || is_multi_target(new_report);
  const Indexed before = index_cases(old_report, by_target);
  const Indexed after = index_cases(new_report, by_target);

  Json regressions = Json::array();
  Json new_errors = Json::array();
  Json fixes = Json::array();
  Json other_changes = Json::array();
  Json only_in_old = Json::array();
  Json only_in_new = Json::array();
  std::size_t compared = 0;
  for (const Key& key : after.order) {
    const Entry& now = after.entries.at(key);
    const auto found = before.entries.find(key);
    if (found == before.entries.end()) {
      only_in_new.push_back(key_json(now));
      continue;
    }
    ++compared;
    const Entry& was = found->second;
    if (was.verdict == now.verdict) continue;
    if (is_conformant_verdict(was.verdict) && now.verdict == "fail") {
      regressions.push_back(change_json(was, now));
    } else if (now.verdict == "error") {
      new_errors.push_back(change_json(was, now));
    } else if (was.verdict == "fail" && is_conformant_verdict(now.verdict)) {
      fixes.push_back(change_json(was, now));
    } else {
      other_changes.push_back(change_json(was, now));
    }
  }
  for (const Key& key : before.order) {
    if (!after.entries.contains(key)) only_in_old.push_back(key_json(before.entries.at(key)));
  }
  return {{"by_target", by_target},
          {"compared", compared},
          {"regressions", regressions},
          {"new_errors", new_errors},
          {"fixes", fixes},
          {"other_changes", other_changes},
          {"only_in_old", only_in_old},
          {"only_in_new", only_in_new}};
}

Json baseline_json(std::string_view file, const Json& baseline, const Json& report) {
  return {{"file", replace_invalid_utf8(file)},
          {"schema", string_field(baseline, "schema")},
          {"started_at", string_field(baseline, "started_at")},
          {"diff", diff_reports(baseline, report)}};
}

std::size_t regression_count(const Json& diff) {
  return array_field(diff, "regressions").size();
}

}  // namespace wsconform::report
