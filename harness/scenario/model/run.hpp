// What a run is given and what it gives back, apart from the runner that does it: the target
// (the server under test), the run's options and one case's result. The report, overload and
// faults layers use these without linking the runner.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model/case.hpp"
#include "scenario/model/fault_hooks.hpp"
#include "scenario/model/transcript.hpp"
#include "scenario/model/verdict.hpp"

namespace wsconform::scenario {

struct Target {
  std::string url;   // as given
  bool tls = false;  // wss://
  std::string host;  // without brackets for IPv6
  std::uint16_t port = 0;
  std::string path = "/";           // path and query
  std::string host_header() const;  // "host:port" (brackets for IPv6), port omitted if default
};

// ws://host[:port][/path] or wss://...; returns nullopt and sets `error` when malformed.
std::optional<Target> parse_target_url(std::string_view url, std::string* error);

struct RunOptions {
  unsigned jobs = 2;                              // cases in flight at once
  std::chrono::milliseconds case_timeout{10000};  // whole case (unless the case says)
  std::chrono::milliseconds step_timeout{2000};   // one await/barrier/close wait
  std::chrono::milliseconds connect_timeout{3000};
  std::uint64_t seed = 1;                      // masking keys, Sec-WebSocket-Key, pings
  std::uint64_t max_message_size = 64u << 20;  // bigger server messages: recorded, capped
  // The largest message the server is meant to take (--max-message-size, else the profile's
  // capacity.message_size); 0: not declared. A refusal within it is graded by the size policy.
  std::uint64_t declared_message_size = 0;
  bool insecure = false;  // wss: skip certificate verification
  // End a case as soon as its transcript decides the verdict (verdict_decided); off only to
  // record everything a failing server does.
  bool early_verdicts = true;
  // After this many cases in a row that the server left silent (ServerAnswer), with no case of
  // the run answered before them, the run gives up on it: the cases in flight stop, the rest are
  // reported as not run (error). 0: never give up.
  unsigned give_up_after_silent = 16;
  std::string sni;                              // wss: server name; default the host
  std::vector<wire::Header> handshake_headers;  // added to every opening handshake
  const TriggerSet* triggers = nullptr;         // what the profile offers; null: nothing
  FaultHooks* hooks = nullptr;                  // fault actions and supervision; null: none
};

// How a run ended, beside its results.
struct RunEnd {
  // Why the run gave up on a silent server (RunOptions::give_up_after_silent); unset: it did not.
  std::optional<std::string> gave_up;
};

struct CaseResult {
  const Case* test_case = nullptr;
  Transcript transcript;
  Judgement judgement;
  double duration_ms = 0;
};

}  // namespace wsconform::scenario
