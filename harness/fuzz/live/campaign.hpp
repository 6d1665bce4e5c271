// A live fuzzing campaign against a running server: inputs mutated from a corpus, run in batches
// through the scenario runner, judged by the oracle's expectations; inputs that draw a new response
// join the corpus; failures are folded by signature, minimized and saved as scenario YAML plus raw
// bytes. After every batch a fresh handshake must still succeed, or the server is down.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scenario/model/fault_hooks.hpp"
#include "scenario/model/run.hpp"
#include "wire/http.hpp"

namespace wsconform::fuzz::live {

struct CampaignOptions {
  scenario::Target target;
  std::uint64_t seed = 1;
  std::optional<double> duration_s;         // stop after this long (checked between batches)...
  std::optional<std::uint64_t> runs;        // ...or after this many inputs; neither: 60 s
  unsigned jobs = 16;                       // connections in flight
  std::chrono::milliseconds timeout{1000};  // a step's wait; TCP must end this soon after a close
  std::filesystem::path corpus_dir;  // read at the start, kept inputs written to; empty: none
  std::filesystem::path findings_dir = "findings";
  std::size_t max_minimize_runs = 1000;
  bool insecure = false;                        // wss: no certificate check
  std::string sni;                              // wss: server name; default the host
  std::vector<wire::Header> handshake_headers;  // added to every opening handshake (a profile's)
  // A supervised server (a target profile that starts it): an input that kills its process is a
  // finding, and the campaign goes on once the supervisor has it back; it ends only when the
  // supervisor gives up. Null: a server that stops answering ends the campaign.
  scenario::FaultHooks* hooks = nullptr;
  // How a finding's comments say to replay it: "--profile FILE"; empty: "--target URL".
  std::string replay_with;
};

// Batches of `jobs` connections run this many at once (so 4 x jobs connections in flight).
inline constexpr std::size_t kBatchesInFlight = 4;
// How long a supervised server may take to be back after a crash before the campaign ends.
inline constexpr std::chrono::seconds kServerBackWithin{60};

struct TimelinePoint {
  double t_s = 0;
  std::uint64_t inputs = 0;
  double inputs_per_s = 0;
  std::size_t corpus = 0;
  std::size_t findings = 0;
};

struct Finding {
  std::string signature;          // the fold key
  std::string label;              // the oracle's: "valid", "valid-close" or a rule id
  std::uint64_t count = 0;        // inputs that showed it
  std::uint64_t first_input = 0;  // the number of the first one
  double found_at_s = 0;
  std::filesystem::path file;      // the minimized case (YAML)
  std::filesystem::path raw_file;  // its bytes after the handshake
  std::string verdict;             // of the minimized case's own run ("fail")
  std::string reason;              // its headline
  scenario::Case test_case;        // the minimized case
  scenario::CaseResult result;     // and its run (result.test_case points at test_case)
  std::size_t minimize_runs = 0;
};

struct CampaignResult {
  std::uint64_t inputs = 0;
  double duration_s = 0;
  double inputs_per_s = 0;
  double minimize_s = 0;  // of duration_s, the time spent minimizing findings
  std::size_t corpus = 0;
  std::uint64_t unjudged = 0;  // mutants the oracle could not judge (skipped, not counted)
  std::uint64_t errors = 0;    // inputs the harness could not run (connection refused, ...)
  std::vector<TimelinePoint> timeline;
  std::deque<Finding> findings;  // deque: a Finding's address (and its result's pointer) stays put
  std::uint64_t crash_reruns = 0;  // inputs run again alone to find which one killed the server
  bool server_down = false;
  bool interrupted = false;
};

using ProgressCallback = std::function<void(const TimelinePoint&)>;
using FindingCallback = std::function<void(const Finding&)>;

// Runs the campaign to its end (duration, runs, server down, or `stop`). `progress` is called
// about once a second; `on_finding` once per new finding, after it is saved.
CampaignResult run_campaign(const CampaignOptions& options, const ProgressCallback& progress = {},
                            const FindingCallback& on_finding = {},
                            const std::atomic<bool>* stop = nullptr);

}  // namespace wsconform::fuzz::live
