// The targets of a report. A single-target report is one run at the top level ("target",
// "cases"); a multi-target report (schema 2) lists one run per target under "targets". Readers
// (junit.xml, summary.md, report.html, report diff) go through this so both read the same way.
#pragma once

#include <string>
#include <vector>

#include "report/json/json.hpp"

namespace wsconform::report {

struct TargetRun {
  std::string target;  // the URL as given
  const Json* run;     // an object with "cases" (and "counts", "conformant", ...)
};

bool is_multi_target(const Json& report);

// Single-target: one entry whose run is the report itself. Entries whose "cases" is missing are
// still listed (with no cases), so a damaged file reads as empty rather than throwing.
std::vector<TargetRun> target_runs(const Json& report);

// Every case of every target, each with its target, in report order. The case pointers point
// into the report (keep it alive); the target is a copy, so the result of target_runs() may be
// a temporary.
struct TargetCase {
  std::string target;
  std::size_t target_index;
  const Json* test_case;
};
std::vector<TargetCase> all_cases(const std::vector<TargetRun>& runs);

}  // namespace wsconform::report
