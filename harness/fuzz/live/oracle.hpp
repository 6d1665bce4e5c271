// The live campaign's oracle: what RFC 6455, read as the judge reads the suite, requires of a
// server given one input, written as a scenario case (expectations and graded alternatives), so the
// judge's verdict is the oracle's and a finding saved as YAML replays with the same verdict.
//
//   valid input        its data messages echoed in order, a lone ping answered (no pong for
//                      pongs), the close answered with a close (its code or 1000), TCP ended
//                      within the timeout; the case closes with 1000 unless the input does
//   invalid input      the rule's close code (as the suite grades it), or TCP dropped; echoes of
//                      the messages before the bad frame, or fewer (the server may fail first)
//   every input        the judge's invariants: no masked frames, no 1005/1006/1015 or other
//                      unsendable code, no data after the server's close, a correct upgrade
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "fuzz/live/live_input.hpp"
#include "scenario/model/case.hpp"

namespace wsconform::fuzz::live {

// Bytes `complete_input` adds at most to finish a frame the input leaves open.
inline constexpr std::size_t kMaxPadding = 64 * 1024;

struct Prediction {
  std::string label;    // "valid", "valid-close" or the rule broken ("rsv-bit-without-extension")
  std::string section;  // of RFC 6455
  std::string requirement;  // the rule, in words
  std::string title;
  scenario::Expectation expect;
  std::vector<scenario::Alternative> alternatives;
  bool client_closes = false;  // the input holds the client's (valid) close frame
  // A probe ping goes behind the input (barrier.hpp): its pong shows a server that went on as if
  // the invalid frame had not been there. The harness's own close follows at once, so the
  // probe, not the close's timing, tells failing from ignoring.
  bool probe = false;
};

struct OracleOptions {
  // How soon the server must end TCP after the last thing sent (and the step timeout of a case).
  std::chrono::milliseconds timeout{1000};
};

// Makes the input judgeable. A server may read a frame's whole header before judging it, and its
// whole payload before judging UTF-8 or a close body, so the frame that breaks a rule gets the
// bytes it lacks for that, and so does a last frame left open (zeros for header bytes, spaces for
// payload, at most kMaxPadding). False when it
// cannot be judged: a frame longer than kMaxJudgedFrame (whether a server takes it depends on its
// own limit), or more padding than allowed.
bool complete_input(LiveInput& input);

// What the server must do; nullopt for an input complete_input would refuse.
std::optional<Prediction> predict(const LiveInput& input, const OracleOptions& options);

// The input and its prediction as a case: the items, then the case's close (1000) or, when the
// input closes itself, a wait for the end of the connection.
scenario::Case make_case(const LiveInput& input, const Prediction& prediction, std::string id,
                         const OracleOptions& options);

}  // namespace wsconform::fuzz::live
