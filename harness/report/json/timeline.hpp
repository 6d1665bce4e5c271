// The events timeline of a case in report.json: one entry per transcript event.
#pragma once

#include <string_view>
#include <vector>

#include "report/json/json.hpp"

#include "scenario/model/transcript.hpp"

namespace wsconform::report {

// [{"t_us", "kind", "summary", "size", "hex", "text", "truncated"}, ...]
Json timeline_json(const std::vector<scenario::Event>& events);
std::string_view event_kind_name(scenario::Event::Kind kind);  // "frame-received", ...

}  // namespace wsconform::report
