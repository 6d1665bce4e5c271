#include "scenario/loader/case.hpp"

#include <algorithm>
#include <limits>

#include "scenario/loader/expect.hpp"
#include "scenario/loader/faults.hpp"
#include "scenario/loader/matrix.hpp"
#include "scenario/loader/steps.hpp"

namespace wsconform::scenario {

namespace {

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '/' || c == '_' ||
         c == '-';
}

std::string read_id(const LoadContext& context, const yaml::Value& value,
                    const std::string& matrix_names) {
  const std::string id = read_string(context, value, "id");
  const std::vector<std::string> placeholders = placeholders_in(id);
  if (!placeholders.empty()) {
    context.fail(value, "unknown placeholder '" + placeholders.front() + "' in id '" + id + "' (" +
                            (matrix_names.empty() ? "the case has no matrix"
                                                  : "the matrix names " + matrix_names) +
                            ")");
  }
  if (!is_valid_case_id(id)) {
    context.fail(value, "invalid case id '" + id +
                            "': expected <family>/<section>/<name> in lower case, of a-z, 0-9, "
                            "'.', '_' and '-' (rfc6455/5.2/rsv1-on-text)");
  }
  return id;
}

Level read_level(const LoadContext& context, const yaml::Value& value) {
  const std::string level = read_string(context, value, "level");
  if (level == "MUST") return Level::must;
  if (level == "SHOULD") return Level::should;
  if (level == "MAY") return Level::may;
  if (level == "informational") return Level::informational;
  context.fail(value, "expected MUST, SHOULD, MAY or informational for 'level', got " +
                          yaml::describe(value));
}

std::string read_section(const LoadContext& context, const MapReader& map,
                         const std::optional<std::string>& file_section) {
  std::optional<std::string> section = map.string("section");
  if (!section) section = file_section;
  if (!section || section->empty()) {
    context.fail(map.map(), "missing key 'section' in " + map.what() +
                                " (give it in the case, in defaults or at the top of the file)");
  }
  return *section;
}

// `policy: {text: ..., level: SHOULD}`: never MUST, since no RFC MUST backs a policy.
Policy read_policy(const LoadContext& context, const yaml::Value& value) {
  const MapReader map(context, value, "policy", {"text", "level"});
  Policy policy;
  policy.text = read_string(context, map.required("text"), "text");
  if (const yaml::Value* level = map.get("level")) {
    policy.level = read_level(context, *level);
    if (policy.level == Level::must) {
      context.fail(*level,
                   "a policy is the project's own expectation, not an RFC MUST: give it "
                   "SHOULD, MAY or informational");
    }
  }
  return policy;
}

}  // namespace

bool is_valid_case_id(std::string_view id) {
  if (!std::all_of(id.begin(), id.end(), is_id_char)) return false;
  int parts = 0;
  std::size_t start = 0;
  while (start <= id.size()) {
    const std::size_t end = std::min(id.find('/', start), id.size());
    const std::string_view part = id.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    ++parts;
    start = end + 1;
  }
  return parts >= 3;
}

Case read_case(const LoadContext& context, const yaml::Value& case_map,
               const std::optional<std::string>& file_section, const std::string& matrix_names) {
  const MapReader anonymous(context, case_map, "case", kCaseKeys);
  Case c;
  c.id = read_id(context, anonymous.required("id"), matrix_names);
  const MapReader map(context, case_map, "case '" + c.id + "'", kCaseKeys);
  c.where = {context.file, case_map.line};
  c.title = read_string(context, map.required("title"), "title");
  c.requirement.section = read_section(context, map, file_section);
  c.requirement.text = read_string(context, map.required("requirement"), "requirement");
  const yaml::Value* level = map.get("level");
  if (level == nullptr) {
    context.fail(case_map,
                 "missing key 'level' in " + map.what() + " (give it in the case or in defaults)");
  }
  c.requirement.level = read_level(context, *level);
  if (const yaml::Value* burst = map.get("burst")) {
    // A burst is the whole case: it opens its own connections.
    for (const std::string_view other : {"steps", "peers"}) {
      if (map.get(other) != nullptr) {
        context.fail(*map.get(other), "a burst case has no '" + std::string(other) + "'");
      }
    }
    c.burst = read_burst(context, *burst);
  } else {
    c.steps = read_steps(context, map.required("steps"));
  }
  if (const yaml::Value* peers = map.get("peers")) c.peers = read_peers(context, *peers);
  read_expectations(context, map.required("expect"), map.get("alternatives"), c);
  if (const yaml::Value* policy = map.get("policy")) c.policy = read_policy(context, *policy);
  c.needs_trigger = map.string("needs_trigger").value_or("");
  c.broken_by = map.string("broken_by").value_or("");
  c.alone = map.boolean("alone", false);
  if (const auto timeout = map.unsigned_integer("timeout_ms", kMaxMilliseconds)) {
    c.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(*timeout));
  }
  return c;
}

}  // namespace wsconform::scenario
