// `wsconform report diff` as text for a terminal: the regressions, newly erroring cases, fixes
// and other changes of a diff made by report::diff_reports. Server text (reasons) is escaped.
#pragma once

#include <string>
#include <string_view>

#include "report/json/json.hpp"

namespace wsconform::cli {

std::string diff_text(const report::Json& diff, std::string_view old_name,
                      std::string_view new_name);

}  // namespace wsconform::cli
