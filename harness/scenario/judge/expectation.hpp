// Matching one Expectation (the case's `expect` or one alternative) against a transcript.
// Internal to the judge (judge*.cpp).
#pragma once

#include <string>
#include <vector>

#include "scenario/model/case.hpp"
#include "scenario/model/transcript.hpp"

namespace wsconform::scenario::judge_detail {

// One sentence per condition of `expectation` that the transcript does not meet ("expected X, saw
// Y"); empty when every present condition holds.
std::vector<std::string> expectation_mismatches(const Expectation& expectation,
                                                const Transcript& t);

// True when no event the server could still send makes `expectation` hold: a transcript only grows,
// so a status, a message or a close already seen and not accepted stays so. Conservative: false
// whenever it cannot tell (echoes, pongs, bursts).
bool expectation_cannot_hold(const Expectation& expectation, const Transcript& t);

}  // namespace wsconform::scenario::judge_detail
