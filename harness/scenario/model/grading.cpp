#include "scenario/model/grading.hpp"

#include <algorithm>

namespace wsconform::scenario {

CloseExpectation any_close_reply() {
  CloseExpectation close;
  close.allow_empty_body = true;  // codes left empty: any sendable code
  return close;
}

Expectation failing_the_connection(Expectation conditions,
                                   const std::vector<std::uint16_t>& fitting_codes) {
  CloseExpectation close;
  close.codes = fitting_codes;
  if (std::find(close.codes.begin(), close.codes.end(), kCatchAllCloseCode) == close.codes.end()) {
    close.codes.push_back(kCatchAllCloseCode);
  }
  // §7.1.7 "MAY omit sending a Close frame"; §10.7 "MAY drop the TCP connection".
  close.or_dropped = true;
  close.before_harness_close = true;
  conditions.close = std::move(close);
  conditions.probe_unanswered = true;
  return conditions;
}

Alternative failing_with_another_code(const Expectation& failing, Alternative::Grade grade) {
  Alternative alternative;
  alternative.expect = failing;
  CloseExpectation& close = *alternative.expect.close;
  close.codes.clear();  // any sendable code
  close.allow_empty_body = true;
  alternative.grade = grade == Alternative::Grade::pass ? Alternative::Grade::non_strict : grade;
  alternative.expect.why =
      "The server failed the connection, as it must, but without a status code that names the "
      "cause: §7.1.7 says it SHOULD send a Close frame \"with an appropriate status code\" (1008 "
      "always fits, §7.4.1).";
  return alternative;
}

}  // namespace wsconform::scenario
