// Judging an overload burst from its record: what the server did to connections it could not
// take (IANA 1013 / HTTP 503 with Retry-After, never 1011, 500 or a silent drop), whether any
// message it accepted was lost, and whether it recovered. Internal to the judge (judge*.cpp).
#pragma once

#include <string>
#include <vector>

#include "scenario/model/burst.hpp"
#include "scenario/model/case.hpp"

namespace wsconform::scenario::judge_detail {

// The burst's MUST violations, whatever the case expects (the judge's invariants): broken framing
// (§5.1-§5.5), a close left unanswered (§5.5.1), a 101 that is not a valid upgrade (§4.2.2).
void check_broken_ends(const BurstRecord& record, std::vector<std::string>& out);
// One sentence per condition of `expected` the record does not meet; empty when all hold.
std::vector<std::string> burst_mismatches(const BurstExpectation& expected,
                                          const BurstRecord& record);
// "120 connections: 64 upgraded, 56 refused (HTTP 503 x56, 56 with Retry-After); 12 shed with
// 1013 (Try Again Later); 3,200 echoes; recovered 40 ms after the burst".
std::string describe_burst(const BurstRecord& record);
// "shed connections closed with 1013 (Try Again Later), refused handshakes answered HTTP 503 with
// Retry-After, no silent drop, no lost message, and recovery".
std::string describe_burst_expectation(const BurstExpectation& expected);

}  // namespace wsconform::scenario::judge_detail
