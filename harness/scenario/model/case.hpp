// The case model: what to send (steps) and what satisfies the rule (expectations). Loaded from
// scenarios/*.yaml by the loader; run by the runner; judged by the judge.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "scenario/model/burst.hpp"
#include "wire/bytes.hpp"
#include "wire/enum_names.hpp"
#include "wire/frame.hpp"
#include "wire/http.hpp"

namespace wsconform::scenario {

enum class Level : std::uint8_t { must, should, may, informational };

struct Requirement {
  std::string section;  // "5.2", "7.4.1", "close-codes/1011" for topics outside the RFC text
  std::string text;     // the rule, quoted
  Level level = Level::must;
};

// Where a case or step came from, for error messages and reports.
struct SourceLocation {
  std::string file;
  int line = 0;
};

// ---- steps ---------------------------------------------------------------------------------

// How the bytes of one send are cut into TCP writes.
struct Segmentation {
  std::vector<std::size_t> sizes;      // write these many bytes each; the rest in one last write
  std::size_t chop = 0;                // if nonzero: write in chunks of this size
  std::chrono::milliseconds delay{0};  // pause between writes
};

// The opening handshake. Without one as the first step the runner does a standard handshake.
struct HandshakeStep {
  std::string method = "GET";
  std::optional<std::string> target;  // default: the path of the target URL
  std::string version = "HTTP/1.1";
  std::vector<wire::Header> set;    // replace-or-add on top of the standard request
  std::vector<wire::Header> add;    // appended as they are (duplicates allowed)
  std::vector<std::string> remove;  // header names to drop
  std::optional<std::string> key;   // Sec-WebSocket-Key to use (default: random)
  std::optional<std::string> raw;   // the whole request verbatim; {host} {path} {key} expand
  // A profile trigger whose path replaces the target's ("handshake-failure"); empty: none.
  std::string trigger;
  bool expect_upgrade = true;  // false: a non-101 is the observation, not an error
  // false: send the request and go on without reading an answer (a client that stalls inside
  // its handshake); only `wait` steps may follow.
  bool await_response = true;
};

struct SendFrameStep {
  wire::FrameSpec frame;  // mask: unset here means "masked with a random key"
  bool unmasked = false;  // true: send without MASK bit (a client violation)
  // true: a ping with kProbePingPayload follows the frame in the same write; its pong shows the
  // server went on as if nothing happened (see grading.hpp).
  bool probe = false;
  Segmentation segmentation;
  // Nonzero: the payload goes as one message in frames of this many bytes, all in one write.
  std::size_t fragment_size = 0;
  // true: the frame is held and goes out in one TCP write with the next send's bytes, cut by
  // that send's segmentation (Autobahn|Testsuite writes a case's frames "all at once").
  bool with_next = false;
};

struct SendRawStep {
  wire::Bytes bytes;
  bool probe = false;  // as SendFrameStep::probe
  Segmentation segmentation;
  bool with_next = false;  // as SendFrameStep::with_next
};

struct WaitStep {
  std::chrono::milliseconds duration{0};
};

// Waits (recording only) until an event arrives or the step's timeout passes.
struct AwaitStep {
  enum class What : std::uint8_t { message, pong, close, end };
  What what = What::message;
  std::size_t count = 1;
  std::optional<std::chrono::milliseconds> timeout;
};

// Proves the server has sent nothing else so far: sends a ping with a fresh payload and waits for
// its pong (one round trip instead of a fixed wait).
struct BarrierStep {
  std::optional<std::chrono::milliseconds> timeout;
};

// Sends a close frame (any code, any reason bytes, or an empty or raw body) then waits for the
// server's close and the end of the TCP connection.
struct CloseStep {
  std::optional<std::uint16_t> code = 1000;  // nullopt: empty body
  wire::Bytes reason;
  std::optional<wire::Bytes> raw_body;  // overrides code and reason
  bool wait_for_end = true;
};

// Pulls one of the target profile's fault triggers ("handler-exception", "restart", "crash",
// "backend-down", "backend-up"): a message on this connection, a signal, a command, or an action
// of the supervisor, as the profile says.
struct TriggerStep {
  std::string name;
};

// Sends `rounds` data messages of `size` bytes, each once the echo of the one before is back, and
// checks every echo byte for byte as it arrives without keeping it (Autobahn|Testsuite §9). The
// payload is a pattern regenerated from the offset; the round trips are timed (measurements).
struct EchoLoadStep {
  std::uint8_t opcode = wire::opcode::text;  // text (printable ASCII) or binary
  std::uint64_t size = 0;                    // bytes per message
  std::uint64_t fragment_size = 0;           // 0: one frame per message; else frames this big
  std::size_t chop = 0;                      // TCP writes of this size; 0: a frame per write
  std::size_t rounds = 1;
  std::optional<std::chrono::milliseconds> timeout;  // per round; default the step timeout
  friend bool operator==(const EchoLoadStep&, const EchoLoadStep&) = default;
};

// A client that never reads: stops reading, sends `count` messages of `size` bytes back to back
// (not expected back), and ends the flood early if a write makes no progress for `stall` (the
// server stopped reading too). After `hold` more, still not reading, reading resumes.
struct FloodStep {
  std::uint8_t opcode = wire::opcode::binary;  // text (printable ASCII) or binary
  std::uint64_t size = 0;                      // bytes per message
  std::size_t count = 0;
  std::chrono::milliseconds stall{500};
  std::chrono::milliseconds hold{0};
  friend bool operator==(const FloodStep&, const FloodStep&) = default;
};

// Ends the client's side at the TCP level as a misbehaving client would: `reset` sends RST
// (SO_LINGER 0), `half_close` a FIN on the sending side while reading goes on.
struct TcpEndStep {
  enum class How : std::uint8_t { reset, half_close };
  How how = How::reset;
};

// Waits until the case's main connection has run its steps (internal: the runner puts it first in
// a "before" peer's steps, so the peer connects before the fault and acts after it).
struct GateStep {};

using Step =
    std::variant<HandshakeStep, SendFrameStep, SendRawStep, WaitStep, AwaitStep, BarrierStep,
                 CloseStep, TriggerStep, EchoLoadStep, FloodStep, TcpEndStep, GateStep>;

struct LocatedStep {
  Step step;
  SourceLocation where;
};

// ---- expectations --------------------------------------------------------------------------

struct ExpectedMessage {
  std::uint8_t opcode = wire::opcode::text;  // text or binary
  wire::Bytes payload;
  friend bool operator==(const ExpectedMessage&, const ExpectedMessage&) = default;
};

// How the server must end the connection.
struct CloseExpectation {
  std::vector<std::uint16_t> codes;  // acceptable codes in the server's close frame; empty: any
  bool allow_empty_body = false;     // a close frame without a code is acceptable too
  bool or_dropped = false;           // TCP ended (FIN or RST) with no close frame: acceptable
  std::optional<std::chrono::milliseconds> within;  // TCP must end within this after our close
  // The server's close frame or TCP end must come before the harness's own cleanup close: what
  // follows that close answers it, and shows nothing about the server failing the connection.
  bool before_harness_close = false;
  friend bool operator==(const CloseExpectation&, const CloseExpectation&) = default;
};

struct HeaderExpectation {
  std::string name;
  std::optional<std::string> token;  // unset: present; set: contains this token (case-insens.)
  friend bool operator==(const HeaderExpectation&, const HeaderExpectation&) = default;
};

// What a burst must show (judged from the BurstRecord).
struct BurstExpectation {
  std::vector<std::uint16_t> shed_codes = {1013};  // a live connection the server ends: these
  std::vector<int> refusal_statuses = {503};       // a handshake the server refuses: these
  bool retry_after = true;       // a refusal carries Retry-After (else non-strict)
  bool no_silent_drops = true;   // no connection ends without a close frame
  bool no_lost_messages = true;  // every echo back, in order, until the server's close
  bool recovers = true;          // a fresh connection echoes within spec.recover_within
  friend bool operator==(const BurstExpectation&, const BurstExpectation&) = default;
};

// One set of conditions; all present ones must hold.
struct Expectation {
  std::vector<int> http_status;                          // acceptable statuses; empty: 101 expected
  std::vector<HeaderExpectation> http_headers;           // required in the response
  std::optional<std::vector<ExpectedMessage>> messages;  // exactly these data messages, in order
  bool echo = false;                                     // the data messages sent, echoed in order
  // Exactly these pong payloads, in order, among the pongs that answer one of the case's pings
  // (§5.5.3: an unsolicited pong answers nothing and is allowed).
  std::optional<std::vector<wire::Bytes>> pongs;
  // §5.5.3: a server may answer only the most recent of several pings: the pongs may be any
  // in-order subsequence of `pongs` that ends with its last payload.
  bool latest_pong_suffices = false;
  bool probe_unanswered = false;  // no pong to the probe ping (SendFrameStep::probe)
  bool flood_stalled = false;     // a FloodStep's writes stalled: the server stopped reading
  std::optional<CloseExpectation> close;
  std::optional<BurstExpectation> burst;  // a burst case: how the server bore it
  std::string why;                        // for alternatives: why the RFC allows it
  friend bool operator==(const Expectation&, const Expectation&) = default;
};

// An alternative the RFC allows with a lesser grade (e.g. failing at the end of a message instead
// of as soon as the bytes prove it is invalid).
struct Alternative {
  Expectation expect;
  enum class Grade : std::uint8_t { pass, non_strict, informational } grade = Grade::pass;
};

// A grade as scenario files and reports spell it: "pass", "non-strict", "informational".
inline constexpr wire::EnumNames<Alternative::Grade, 3> kGradeNames{{
    {Alternative::Grade::pass, "pass"},
    {Alternative::Grade::non_strict, "non-strict"},
    {Alternative::Grade::informational, "informational"},
}};
static_assert(wire::lists_in_declaration_order(kGradeNames));
constexpr std::string_view grade_name(Alternative::Grade grade) {
  return wire::name_of(kGradeNames, grade);
}

// Connections a case opens beside its main one, to see what a fault does to everyone else.
struct PeerGroup {
  std::string name;       // "bystander", "reconnect": names them in reasons and reports
  std::size_t count = 1;  // connections in the group
  // before: connected (handshake done) before the main steps start, own steps run after them;
  // after: connected once the main connection has ended.
  enum class When : std::uint8_t { before, after } when = When::before;
  // after only: retry the connection (with backoff) until it upgrades or this much time has passed
  // since the main connection ended; unset: one attempt. `reconnect_within_profile` takes the
  // bound from the profile's restart trigger.
  std::optional<std::chrono::milliseconds> retry_within;
  bool reconnect_within_profile = false;
  std::vector<LocatedStep> steps;  // without a handshake step: a standard one is made
  Expectation expect;
};

// A case that is an overload burst instead of steps on one connection.
struct BurstCase {
  BurstSpec spec;
  // Sized from the profile's capacity when set (0: as written): connections = capacity
  // connections x factor; messages per connection = capacity message rate x factor / connections
  // (a factor of 2 sends two seconds' worth of what the server takes, all at once).
  double connections_times_capacity = 0;
  double messages_times_capacity = 0;
  bool concurrency_written = false;  // else all connections at once, however many they become
};

// The project's own operational expectation for a fault or overload case, kept apart from the
// RFC's requirement: it is graded at its own level (never above SHOULD: no RFC MUST backs it).
struct Policy {
  std::string text;
  Level level = Level::should;
};

struct Case {
  std::string id;  // "rfc6455/5.2/rsv1-on-text"
  std::string title;
  Requirement requirement;
  std::optional<Policy> policy;
  std::vector<LocatedStep> steps;
  Expectation expect;
  std::vector<Alternative> alternatives;
  std::vector<PeerGroup> peers;
  std::optional<BurstCase> burst;  // set: a burst case (no steps, `expect.burst` judged)
  // The target-profile trigger the case needs ("handler-exception", ...); empty: none.
  std::string needs_trigger;
  // The case acts on the whole server (a stalled or broken connection that a blocking server
  // would share with everyone): it runs after the others, one at a time, so that what it does
  // is not blamed on a case beside it.
  bool alone = false;
  // Broken server mode that breaks exactly this case's rule (for the judge's own tests).
  std::string broken_by;
  std::optional<std::chrono::milliseconds> timeout;  // per case; else the run's default
  SourceLocation where;
};

}  // namespace wsconform::scenario
