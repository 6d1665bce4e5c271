// Reading report.json back, for the reports derived from it (junit.xml, summary.md). The document
// may come from disk (`wsconform report --from`), so every accessor tolerates a missing field or a
// field of the wrong type and returns an empty value instead of throwing.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "report/json/json.hpp"

namespace wsconform::report {

std::string string_field(const Json& object, std::string_view key);
double number_field(const Json& object, std::string_view key);
bool bool_field(const Json& object, std::string_view key);
// The field (any type), or null when it is missing.
const Json& object_field(const Json& object, std::string_view key);
// The field if it is an array, else an empty array.
const Json& array_field(const Json& object, std::string_view key);
// reasons[0] of a case, or "" when it has none.
std::string headline_reason(const Json& test_case);

// The verdict names, in the order reports list them.
inline constexpr std::string_view kVerdictOrder[] = {"pass",          "non-strict",    "fail",
                                                     "informational", "unimplemented", "error"};

struct VerdictTally {
  VerdictTally();  // every verdict name present, at zero
  std::int64_t total = 0;
  std::map<std::string, std::int64_t, std::less<>> by_verdict;  // every name in kVerdictOrder
  double time_ms = 0;
  std::int64_t count(std::string_view verdict) const;
};

struct ReportTally {
  VerdictTally overall;
  // Sections in the order they first appear among the cases.
  std::vector<std::pair<std::string, VerdictTally>> by_section;
};

// Counts the verdicts of the cases of every target (recomputed rather than trusted from
// "counts"). Also takes one target's run object of a multi-target report.
ReportTally tally_cases(const Json& report);

}  // namespace wsconform::report
