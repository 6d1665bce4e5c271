// An overload burst as data: what to send (BurstSpec, part of a case) and what happened
// (BurstRecord, part of its transcript). the overload layer runs bursts (harness/overload/); the
// judge reads the record like any other transcript, so overload verdicts are unit-tested without a
// network.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsconform::scenario {

// Hard bounds, whatever a scenario or profile asks for: a burst is always finite.
inline constexpr std::size_t kMaxBurstConnections = 100000;
inline constexpr std::size_t kMaxBurstMessagesPerConnection = 100000;
inline constexpr std::size_t kMaxBurstMessageSize = 1u << 20;
inline constexpr std::chrono::milliseconds kMaxBurstDuration{600000};

struct BurstSpec {
  std::size_t connections = 100;      // opened in all
  std::size_t concurrency = 100;      // open at once, at most
  double connect_rate = 0;            // new connections per second; 0: as fast as possible
  bool handshake = true;              // false: TCP connect and close only (benchmarks)
  std::size_t messages = 0;           // per upgraded connection, text, each carrying its number
  std::size_t message_size = 16;      // bytes per message, at least 8
  double message_rate = 0;            // per connection, messages per second; 0: all at once
  std::chrono::milliseconds hold{0};  // stay open this long after the last echo, then close
  std::chrono::milliseconds duration{10000};  // the whole burst ends by then, whatever remains
  // Bounds each wait of one connection: the TCP connect, the handshake answer, a refusal's body,
  // the close reply and the TCP end after it. Waiting for echoes is bounded by `duration` only.
  std::chrono::milliseconds step_timeout{3000};
  // After the burst: a fresh connection must handshake and echo within this (0: not checked).
  std::chrono::milliseconds recover_within{5000};
};

// How one burst connection went. Compact on purpose: a burst may have 100,000 of them.
struct BurstConnection {
  enum class End : std::uint8_t {
    none,              // still open when the burst's duration ran out (the harness closed it)
    closed,            // the close handshake completed (whoever started it); with
                       // handshake=false: the TCP connect completed and the harness closed it
    dropped,           // TCP ended (FIN or RST) without a close frame from the server
    refused,           // the handshake got a non-101 answer
    connect_failed,    // TCP connect failed or timed out
    handshake_failed,  // no parseable answer, or a 101 that is not a valid upgrade
    violation,         // the server broke a framing rule
    close_unanswered,  // our close frame got no close frame back within step_timeout
  };
  End end = End::none;
  bool server_closed_first = false;         // the server's close frame came before ours
  std::optional<std::uint16_t> close_code;  // the server's close frame's code, if any
  bool close_without_code = false;          // the server's close frame had an empty body
  int http_status = 0;                      // 0: no answer
  bool retry_after = false;                 // the refusal carried Retry-After
  std::uint32_t messages_sent = 0;
  std::uint32_t echoes = 0;       // echoes that came back right (in order, intact)
  bool echo_mismatch = false;     // an echo out of order, duplicated or altered
  std::int64_t started_us = -1;   // since the burst began: connect started
  std::int64_t upgraded_us = -1;  // 101 received
  std::int64_t ended_us = -1;     // TCP ended or the harness gave up on it
};

// Counts in one slice of time (events are placed by when they happened).
struct BurstBucket {
  std::int64_t start_ms = 0;
  std::uint32_t opened = 0;    // connects started
  std::uint32_t upgraded = 0;  // 101s
  std::uint32_t echoes = 0;
  std::map<int, std::uint32_t> http_statuses;          // non-101 answers
  std::map<std::uint16_t, std::uint32_t> close_codes;  // from the server's close frames
  std::uint32_t dropped = 0;                           // TCP ends without a close frame
};

struct BurstMetrics {
  double elapsed_ms = 0;
  double connects_per_s = 0;  // TCP connects completed per second of the burst
  // Handshake latency, over upgraded connections: connect started (started_us) to 101 received
  // (upgraded_us). Nearest-rank percentiles; all 0 when nothing was upgraded.
  double handshake_p50_ms = 0, handshake_p90_ms = 0, handshake_p99_ms = 0, handshake_max_ms = 0;
  double messages_per_s = 0;         // echoes received per second
  std::size_t peak_open = 0;         // most connections open at once (connect started to TCP end)
  std::size_t peak_upgraded = 0;     // most upgraded connections open at once
  std::optional<double> recover_ms;  // burst end to a fresh echo; nullopt: did not recover
  bool recovery_checked = false;
};

struct BurstRecord {
  BurstSpec spec;  // as run (after the profile filled it in, and after the engine's caps)
  // One per connection started, in start order (fewer than spec.connections when cut short).
  std::vector<BurstConnection> connections;
  std::vector<BurstBucket> timeline;  // fixed-width buckets from the burst's start
  std::int64_t bucket_ms = 100;
  BurstMetrics metrics;
  bool cut_short = false;  // the duration ran out, or the run was interrupted
  std::string error;       // the burst could not run at all (e.g. nothing to connect to)
  // What the engine changed from what was asked, in plain words: a count capped by the kMax*
  // bounds or by the file-descriptor limit, a message size raised to the minimum.
  std::vector<std::string> notes;
};

// "closed", "refused", "connect-failed", ... (as report.json spells them).
std::string_view burst_end_name(BurstConnection::End end);

// What a burst's connections add up to (for its description and its report).
struct BurstTally {
  std::map<BurstConnection::End, std::size_t> ends;
  std::map<int, std::size_t> refusals;  // status of each refused handshake
  std::size_t refusals_with_retry_after = 0;
  std::map<std::uint16_t, std::size_t> shed;  // code of each close the server started
  std::size_t upgraded = 0;
  std::size_t echo_mismatches = 0;
  std::uint64_t messages_sent = 0;
  std::uint64_t echoes = 0;

  std::size_t count(BurstConnection::End end) const;
};
BurstTally tally(const BurstRecord& record);

}  // namespace wsconform::scenario
