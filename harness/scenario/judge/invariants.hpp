// The rules every server must keep whatever a case expects (RFC 6455 §4.2.2, §5.1-§5.5, §5.5.1,
// §7.4). Internal to the judge (judge*.cpp).
#pragma once

#include <string>
#include <vector>

#include "scenario/model/case.hpp"
#include "scenario/model/transcript.hpp"

namespace wsconform::scenario::judge_detail {

// One sentence per broken invariant, naming its section; empty when the server kept them all.
std::vector<std::string> invariant_failures(const Case& c, const Transcript& t);

}  // namespace wsconform::scenario::judge_detail
