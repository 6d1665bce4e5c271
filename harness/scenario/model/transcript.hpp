// What happened while a case ran: every event, timestamped. Recorded by the runner, judged after.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenario/model/burst.hpp"
#include "wire/bytes.hpp"
#include "wire/frame.hpp"
#include "wire/http.hpp"
#include "wire/rules.hpp"

namespace wsconform::scenario {

// How the TCP connection ended, as far as the harness could see.
enum class TcpEnd : std::uint8_t {
  open,            // still open when the case finished (the harness then closed it)
  fin,             // the server closed: orderly EOF
  rst,             // connection reset
  silence,         // nothing arrived before the timeout
  connect_failed,  // never connected
  harness_closed,  // the harness closed it (e.g. after an unexpected handshake response)
};

struct Event {
  enum class Kind : std::uint8_t {
    connected,
    bytes_sent,          // one TCP write
    handshake_response,  // the HTTP response header block arrived
    frame_sent,
    frame_received,
    message_received,  // a complete data message
    server_violation,  // the server's bytes broke a framing rule (wire::Violation)
    tcp_end,
    timeout,  // a step's wait ran out
    note,     // anything else worth telling (text only)
  };
  Kind kind = Kind::note;
  std::int64_t at_us = 0;  // since the case started
  std::string summary;     // one line for people, e.g. "text fin len=5 masked"
  wire::Bytes bytes;       // the bytes concerned, capped at kMaxEventBytes
  std::uint64_t size = 0;  // the full size of what `bytes` shows (may be larger)
};

inline constexpr std::size_t kMaxEventBytes = 512;

struct ReceivedMessage {
  std::uint8_t opcode = wire::opcode::text;
  wire::Bytes payload;  // capped at the decoder's limit
  std::int64_t at_us = 0;
};

struct ReceivedClose {
  std::optional<std::uint16_t> code;  // absent: empty body
  wire::Bytes reason;
  std::size_t body_size = 0;  // 1 means a malformed 1-byte body
  std::int64_t at_us = 0;
};

// One round of an EchoLoadStep: a message sent and what came back of its echo, checked as it
// arrived (nothing of it is kept but the bytes around the first difference).
struct LoadRound {
  std::uint8_t opcode = wire::opcode::text;
  std::uint64_t size = 0;       // bytes sent
  std::uint64_t received = 0;   // bytes of the echo that arrived (so far, if incomplete)
  bool complete = false;        // the echo's last frame (FIN) arrived
  bool opcode_differs = false;  // the echo came back as the other data opcode
  std::optional<std::uint64_t> first_difference;  // offset of the first byte unlike the sent one
  wire::Bytes expected_there;      // up to kLoadDifferenceBytes from first_difference: sent
  wire::Bytes received_there;      // and received
  std::int64_t sent_at_us = -1;    // the message's first write began
  std::int64_t echoed_at_us = -1;  // its echo's last byte arrived
  friend bool operator==(const LoadRound&, const LoadRound&) = default;
};

inline constexpr std::size_t kLoadDifferenceBytes = 16;

// The same transfers over plain TCP to an in-process echo, timed in the same run: what loopback
// and the harness itself can do here, so the server's figures read as ratios.
struct BareLoop {
  std::vector<std::int64_t> round_trip_us;  // one per round
  std::string error;                        // set: the loop could not run
};

// What a FloodStep recorded.
struct FloodRecord {
  std::uint64_t size = 0;  // bytes per message
  std::size_t count = 0;   // messages planned
  std::size_t messages_written = 0;
  std::uint64_t bytes_written = 0;  // frames whose write completed before the flood ended
  bool stalled = false;             // a write made no progress for the step's `stall`
  std::size_t echoes_received = 0;  // its messages that came back once reading resumed (not kept)
};

// What an EchoLoadStep recorded.
struct LoadRecord {
  std::uint64_t size = 0;
  std::uint64_t fragment_size = 0;
  std::size_t chop = 0;
  std::size_t rounds_planned = 0;
  std::uint64_t declared_message_size = 0;  // RunOptions::declared_message_size, as the run had it
  std::vector<LoadRound> rounds;            // the rounds that started, in order
  BareLoop bare_loop;
};

struct PeerRecord;

struct Transcript {
  std::string case_id;
  std::string target;  // URL

  // Handshake
  std::string request;                         // the request bytes sent (as text)
  std::optional<wire::HttpResponse> response;  // once the header block is parsed
  std::string response_error;                  // malformed response: what was wrong
  std::vector<std::string> upgrade_problems;   // wire::check_upgrade_response on a 101
  bool upgraded = false;
  bool response_awaited = true;  // false: the case stalled inside its handshake on purpose

  // Everything else
  std::vector<Event> events;
  std::vector<wire::Frame> frames_received;        // payload capped for the transcript
  std::vector<ReceivedMessage> messages;           // complete data messages from the server
  std::vector<wire::Bytes> pongs;                  // pong payloads from the server
  std::vector<wire::Bytes> sent_messages;          // complete data messages the case sent
  std::vector<std::uint8_t> sent_message_opcodes;  // their opcodes (text/binary)
  std::optional<ReceivedClose> server_close;
  bool client_sent_close = false;
  std::int64_t client_close_at_us = -1;
  // When the harness first sent a close of its own, by a `close` step or the cleanup of a case
  // that left the connection open (-1: it did not): a close or a drop after this answers the
  // harness, it is not the server failing the connection. (A close frame written by `send` or
  // `send_raw` is the case's input, often the offending frame itself, and does not count.)
  std::int64_t harness_close_at_us = -1;
  std::vector<wire::Bytes> sent_pings;   // payloads of the pings the case sent (not barriers)
  bool data_after_server_close = false;  // §5.5.1: no data frames after a close frame
  // How long the harness waited in vain for the server to close TCP once both close frames had
  // been exchanged (-1: it did not wait in vain). §5.5.1: the server MUST close it immediately.
  std::int64_t tcp_kept_open_after_closes_us = -1;
  std::optional<wire::Violation> server_violation;
  TcpEnd tcp_end = TcpEnd::open;
  std::int64_t tcp_end_at_us = -1;

  // The harness could not run the case (connection refused, timeout before the handshake, ...).
  std::optional<std::string> harness_error;
  // The run's stop flag (Ctrl-C, SIGTERM) cut the case short: it did not finish, proves nothing
  // and stays out of the reports. harness_error then says "interrupted" too, for the reader.
  bool interrupted = false;
  // The harness stopped waiting because the transcript already decided the verdict
  // (verdict_decided): what the server would have sent next was not recorded.
  bool ended_early = false;
  std::int64_t duration_us = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;

  std::vector<LoadRecord> loads;    // one per EchoLoadStep that ran
  std::vector<FloodRecord> floods;  // one per FloodStep that ran

  // Beyond the main connection
  std::vector<PeerRecord> peers;     // Case::peers, group by group
  std::optional<BurstRecord> burst;  // a burst case's record
  // A supervised server died while the case ran, and the harness did not kill it: how.
  std::vector<std::string> server_deaths;
};

// One peer connection of a case.
struct PeerRecord {
  std::size_t group = 0;  // index into Case::peers
  std::size_t index = 0;  // within the group
  Transcript transcript;  // the last attempt's
  std::size_t attempts = 1;
  // "after" peers: from the end of the main connection to this peer's 101 (-1: never upgraded).
  std::int64_t upgraded_after_us = -1;
};

// The server's end of the connection went away without a close frame (reset, refused, or a FIN
// with no close): what a client sees of a server process dying, among other things.
inline bool connection_dropped(const Transcript& t) {
  return t.tcp_end == TcpEnd::rst || t.tcp_end == TcpEnd::connect_failed ||
         (t.tcp_end == TcpEnd::fin && !t.server_close);
}

// A step's wait ran out at least once while the case ran.
inline bool waited_out(const Transcript& t) {
  return std::any_of(t.events.begin(), t.events.end(),
                     [](const Event& event) { return event.kind == Event::Kind::timeout; });
}

// Whether the server answered a case with anything a case can use: an HTTP answer that is not a
// 101, a data message, a pong, a close frame, an end of TCP of its own, bytes of a load echo or
// a flood's echo. `silent`: a wait of the case ran out while the server had sent no complete
// handshake response, or had upgraded the connection and then sent nothing of the kind (pings,
// or frames that never complete, do not count). `unknown`: neither (no connection, or a case
// that waited for nothing).
enum class ServerAnswer : std::uint8_t { answered, silent, unknown };

inline ServerAnswer server_answer(const Transcript& t) {
  const bool load_echoed = std::any_of(t.loads.begin(), t.loads.end(), [](const LoadRecord& l) {
    return std::any_of(l.rounds.begin(), l.rounds.end(),
                       [](const LoadRound& round) { return round.received > 0; });
  });
  const bool flood_echoed = std::any_of(t.floods.begin(), t.floods.end(),
                                        [](const FloodRecord& f) { return f.echoes_received > 0; });
  const bool server_ended = t.tcp_end == TcpEnd::fin || t.tcp_end == TcpEnd::rst;
  if ((t.response && !t.upgraded) || !t.messages.empty() || !t.pongs.empty() || t.server_close ||
      server_ended || load_echoed || flood_echoed) {
    return ServerAnswer::answered;
  }
  const bool handshake_unanswered =
      !t.response && t.response_awaited && t.tcp_end != TcpEnd::connect_failed;
  return (t.upgraded || handshake_unanswered) && waited_out(t) ? ServerAnswer::silent
                                                               : ServerAnswer::unknown;
}

}  // namespace wsconform::scenario
