// What a server's answer looks like, in a few words: the campaign's feedback (an input whose answer
// is new joins the corpus) and the fold key of findings.
#pragma once

#include <string>
#include <string_view>

#include "scenario/model/case.hpp"
#include "scenario/model/transcript.hpp"

namespace wsconform::fuzz::live {

// The response: HTTP status, the shape of the frames the server sent (the kinds in the order they
// first came, "+" for a kind seen more than once: "T+P+X"), its close code, whether TCP ended, a
// violation of its own, and whether the harness had to wait out a timeout.
// E.g. "101 T+X close 1000 ended".
std::string response_signature(const scenario::Transcript& transcript);

// A finding: the first thing that went wrong, in this order: a supervised server's process dying
// under the input (crash_signature); an invariant the server's
// own bytes broke ("server: unsendable close code"), whatever the input; the close the input calls
// for (the oracle's label, then the close seen: a code, "echoed" for one the client sent, "none";
// and whether TCP ended), e.g. "rsv-bit-without-extension: close echoed, ended"; the echoes
// ("echo: extra messages"); the pongs. Findings with one signature are one bug, seen again.
// A supervised server's death, as a signature: how it died ("crash: it was killed by SIGSEGV");
// the input's label does not count (a server may crash before it finds the rule broken).
std::string crash_signature(std::string_view death);
bool is_crash_signature(std::string_view signature);

std::string finding_signature(const std::string& label, const scenario::Case& test_case,
                              const scenario::Transcript& transcript);

}  // namespace wsconform::fuzz::live
