// Cases × targets: for a multi-target report, one row per case id (in the order ids first
// appear) with that case's entry for each target, or none where a target did not run it.
#pragma once

#include <string>
#include <vector>

#include "report/json/json.hpp"
#include "report/json/targets.hpp"

namespace wsconform::report {

struct CaseMatrix {
  struct Row {
    std::string id;
    std::vector<const Json*> cells;  // one per target; nullptr: not run there
    bool all_pass() const;
  };
  std::vector<Row> rows;
};

CaseMatrix case_matrix(const std::vector<TargetRun>& runs);

}  // namespace wsconform::report
