// What a close code or HTTP status means, for report.html: meaning, when you see it, how to fix
// it, what a client should do, whether it may be on the wire, and how it differs from its
// neighbours (1011 vs 1012 vs 1013 vs HTTP 500, 1002 vs 1011, 1005, ...). From wire/semantics.
#pragma once

#include <set>
#include <string>

#include "report/json/json.hpp"

namespace wsconform::report {

struct InvolvedCodes {
  std::set<int> close_codes;
  std::set<int> http_statuses;
  bool empty() const { return close_codes.empty() && http_statuses.empty(); }
};

// The codes a case involves: what it expected, what the server sent (close frame, HTTP status,
// a burst's close codes and statuses) and the code a framing violation calls for.
InvolvedCodes involved_codes(const Json& test_case);

// One <div class="code"> per code and status, each with its comparisons.
std::string codes_html(const InvolvedCodes& codes);

}  // namespace wsconform::report
