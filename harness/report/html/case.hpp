// One case in report.html: a <details> element whose summary line carries the verdict, id, title
// and headline (and the data-* attributes the filters read), and whose body holds the
// requirement quoted, expected versus observed, who closed, the handshake, the wire transcript
// (decoded frames, hex, timing), a burst's charts, and what the codes involved mean.
#pragma once

#include <string>

#include "report/json/json.hpp"

namespace wsconform::report {

struct CaseAnchor {
  std::string id;      // the element id, e.g. "c0-12" (target 0, case 12)
  std::string target;  // shown in the summary line when the report has several targets
  bool show_target = false;
};

std::string case_html(const Json& test_case, const CaseAnchor& anchor);

// "1.234 ms" from microseconds.
std::string format_us(double microseconds);

}  // namespace wsconform::report
