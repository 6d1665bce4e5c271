// Plain-text renderings of one case of report.json, for the derived reports: what the server did
// in one line, and the full explanation of a verdict (reasons, requirement, expected, observed).
// The text still holds server bytes: escape it for the output format.
#pragma once

#include <string>
#include <string_view>

#include "report/json/json.hpp"

namespace wsconform::report {

// "HTTP 101 Switching Protocols; 0 data messages; server close 1002 (Protocol Error) reason
// "bad frame"; TCP fin"
std::string observed_summary(const Json& test_case);

// Which way an event of report.json's timeline went: "sent" (bytes-sent, frame-sent),
// "received" (handshake-response, frame-received, message-received, server-violation) or "".
std::string_view event_direction(std::string_view kind);

// Multi-line: every reason, then "requirement: §5.2 MUST: ...", "expected: ...", "observed: ...".
std::string verdict_details(const Json& test_case);

}  // namespace wsconform::report
