// Verdicts and judgements, the judge's output (the judge itself: scenario/judge/judge.hpp).
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

}  // namespace wsconform::scenario
