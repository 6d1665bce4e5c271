// The judge: a pure function of a case and its transcript.
#pragma once

#include <string>

#include "scenario/model/case.hpp"
#include "scenario/model/transcript.hpp"
#include "scenario/model/verdict.hpp"

namespace wsconform::scenario {

// Checks the case's expectations and the invariants every server must keep (§5.1 no masked
// server frames, §7.4 no unsendable close codes such as 1005/1006/1015, §5.5.1 no data after a
// close frame, §4.2.2 a correct Sec-WebSocket-Accept on a 101).
Judgement judge(const Case& c, const Transcript& t, const JudgeOptions& options = {});

// True when `t`, a transcript still being recorded, already fixes the verdict of the case's own
// connection: an invariant is broken, or neither the expectation nor any alternative can hold
// whatever the server sends next. The runner then stops waiting (an early verdict); judge() on
// the final transcript gives the same verdict. Always false for cases with peers or a burst.
bool verdict_decided(const Case& c, const Transcript& t);

// What an expectation asks for, in the words the judge's reasons use: "HTTP 400 or 426", "close
// 1002 (Protocol Error) or a dropped connection". Reports show it as the case's expected summary.
std::string describe_expectation(const Expectation& expectation);

}  // namespace wsconform::scenario
