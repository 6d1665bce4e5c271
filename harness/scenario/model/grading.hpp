// The grading policy of docs/grading.md, written once: the outcomes RFC 6455 allows when a server
// must fail the connection, and when it answers a close. The loader expands `fails:` with it, the
// live fuzzer's oracle builds its expectations with it.
#pragma once

#include <cstdint>
#include <vector>

#include "scenario/model/case.hpp"

namespace wsconform::scenario {

// §7.4.1: 1008 "can be returned when there is no other more suitable status code ... or if there
// is a need to hide specific details about the policy": a fitting answer to any violation.
inline constexpr std::uint16_t kCatchAllCloseCode = 1008;

// §5.5.1 "MUST send a Close frame in response"; the body is optional (§7.4) and the echo only
// "typical": any close frame with a sendable code, or none, answers a close.
CloseExpectation any_close_reply();

// §7.1.7: a server that must _Fail the WebSocket Connection_ closes it. At pass level: a close
// frame with one of `fitting_codes` or 1008, or a dropped connection, before the harness's own
// close (a close step or its cleanup), and no answer to the probe ping behind the offending frame.
Expectation failing_the_connection(Expectation conditions,
                                   const std::vector<std::uint16_t>& fitting_codes);

// The same failure with any other sendable code or an empty close frame: §7.1.7's close frame
// "with an appropriate status code" is a SHOULD, so this is non-strict (or `grade`, if lower).
Alternative failing_with_another_code(const Expectation& failing,
                                      Alternative::Grade grade = Alternative::Grade::non_strict);

}  // namespace wsconform::scenario
