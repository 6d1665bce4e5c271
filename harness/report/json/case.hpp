// One case in report.json: identity, requirement, verdict and reasons, what was expected, what was
// observed, and the events timeline.
#pragma once

#include "report/json/json.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::report {

Json case_json(const scenario::CaseResult& result);

}  // namespace wsconform::report
