// A readable rendering of what a case expects: "HTTP 101; no data messages; a close frame with
// code 1002, or TCP ended without a close frame".
#pragma once

#include <string>
#include <string_view>

#include "scenario/model/case.hpp"

namespace wsconform::report {

std::string describe_expectation(const scenario::Expectation& outcome);
std::string_view grade_name(scenario::Alternative::Grade grade);  // "pass", "non-strict", ...

}  // namespace wsconform::report
