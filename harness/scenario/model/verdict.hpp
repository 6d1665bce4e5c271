// Verdicts and the judge: a pure function of a case and its transcript.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model/case.hpp"
#include "scenario/model/transcript.hpp"

namespace wsconform::scenario {

enum class Verdict : std::uint8_t { pass, non_strict, fail, informational, unimplemented, error };

std::string_view verdict_name(Verdict verdict);  // "pass", "non-strict", ...
std::string_view level_name(Level level);        // "MUST", "SHOULD", "MAY", "informational"

struct Judgement {
  Verdict verdict = Verdict::error;
  // Sentences explaining the verdict: what was expected and what was seen instead, or which
  // alternative matched. The first one is the headline.
  std::vector<std::string> reasons;
};

struct JudgeOptions {
  bool strict = false;  // non-strict becomes fail
};

// Checks the case's expectations and the invariants every server must keep (§5.1 no masked
// server frames, §7.4 no unsendable close codes such as 1005/1006/1015, §5.5.1 no data after a
// close frame, §4.2.2 a correct Sec-WebSocket-Accept on a 101).
Judgement judge(const Case& c, const Transcript& t, const JudgeOptions& options = {});

// True when `t`, a transcript still being recorded, already fixes the verdict of the case's own
// connection: an invariant is broken, or neither the expectation nor any alternative can hold
// whatever the server sends next. The runner then stops waiting (an early verdict); judge() on
// the final transcript gives the same verdict. Always false for cases with peers or a burst.
bool verdict_decided(const Case& c, const Transcript& t);

}  // namespace wsconform::scenario
