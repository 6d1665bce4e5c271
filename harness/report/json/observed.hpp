// The "observed" part of a case in report.json: what the server did, from the transcript.
#pragma once

#include "report/json/json.hpp"

#include "scenario/model/transcript.hpp"

namespace wsconform::report {

Json observed_json(const scenario::Transcript& transcript);
std::string_view tcp_end_name(scenario::TcpEnd end);  // "fin", "rst", "connect-failed", ...

}  // namespace wsconform::report
