// The parts of a case's report beyond its main connection: peer connections, an overload burst
// (spec, metrics, timeline, how connections ended) and server deaths. Shapes in
// docs/report-format.md ("observed.peers", "observed.burst", "observed.server_deaths").
#pragma once

#include "report/json/json.hpp"
#include "scenario/model/case.hpp"
#include "scenario/model/transcript.hpp"

namespace wsconform::report {

// `c` names the groups (may be null: then the group index only).
Json peers_json(const scenario::Case* c, const std::vector<scenario::PeerRecord>& peers);
Json burst_json(const scenario::BurstRecord& record);

}  // namespace wsconform::report
