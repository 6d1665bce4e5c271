#include "report/json/case_matrix.hpp"

#include <algorithm>
#include <map>

#include "report/json/fields.hpp"

namespace wsconform::report {

bool CaseMatrix::Row::all_pass() const {
  return std::all_of(cells.begin(), cells.end(), [](const Json* test_case) {
    return test_case != nullptr && string_field(*test_case, "verdict") == "pass";
  });
}

CaseMatrix case_matrix(const std::vector<TargetRun>& runs) {
  CaseMatrix matrix;
  std::map<std::string, std::size_t, std::less<>> row_of;
  for (std::size_t column = 0; column < runs.size(); ++column) {
    for (const auto& test_case : array_field(*runs[column].run, "cases")) {
      const std::string id = string_field(test_case, "id");
      auto [it, added] = row_of.emplace(id, matrix.rows.size());
      if (added) matrix.rows.push_back({id, std::vector<const Json*>(runs.size(), nullptr)});
      const Json*& cell = matrix.rows[it->second].cells[column];
      if (cell == nullptr) cell = &test_case;
    }
  }
  return matrix;
}

}  // namespace wsconform::report
