// junit.xml, derived from report.json: one <testsuite> per requirement section (one per target
// when the report covers several targets), one <testcase> per case. fail (and non-strict under
// --strict) is a <failure>, error an <error>, unimplemented <skipped>; non-strict and informational
// passes carry their reason in <system-out>.
#pragma once

#include <string>

#include "report/json/json.hpp"

namespace wsconform::report {

std::string render_junit(const Json& report);

}  // namespace wsconform::report
