// What a target profile lets the runner do to the server: the fault triggers it offers (as data)
// and the actions that are not bytes on a connection (as an interface, implemented by the faults
// and load layers, so the scenario layer stays free of processes and bursts).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "scenario/model/burst.hpp"

namespace wsconform::scenario {

// The trigger names a case may need (`needs_trigger`) and a trigger step may pull.
inline constexpr std::string_view kTriggerHandlerException = "handler-exception";
inline constexpr std::string_view kTriggerHandshakeFailure = "handshake-failure";
inline constexpr std::string_view kTriggerRestart = "restart";
inline constexpr std::string_view kTriggerCapacity = "capacity";
inline constexpr std::string_view kTriggerCrash = "crash";
inline constexpr std::string_view kTriggerBackend = "backend";
// Trigger steps beyond those: the backend's two halves.
inline constexpr std::string_view kTriggerBackendDown = "backend-down";
inline constexpr std::string_view kTriggerBackendUp = "backend-up";
// Sends the profile's backend message, which the server answers through its backend.
inline constexpr std::string_view kTriggerBackendRequest = "backend-request";

struct TriggerSet {
  std::optional<std::string> handler_exception_message;  // a text message whose handler throws
  std::optional<std::string> handshake_failure_path;     // a request path whose handler fails
  struct Restart {
    std::optional<std::string> message;  // set: a text message asks for it; else out of band
    std::chrono::milliseconds reconnect_within{5000};  // a client can reconnect within this
  };
  std::optional<Restart> restart;
  struct Capacity {
    std::size_t connections = 0;     // live connections the server takes (0: not given)
    double message_rate = 0;         // messages per second it takes (0: not given)
    std::uint64_t message_size = 0;  // the largest message it takes, in bytes (0: not given)
  };
  std::optional<Capacity> capacity;
  bool crash = false;                          // the harness supervises the server and may kill it
  std::optional<std::string> backend_message;  // a text message the server answers via its backend

  // Whether the profile offers what a case needs (a needs_trigger name) or a step pulls.
  bool offers(std::string_view trigger) const;
};

// What a fault action came to: done, or what went wrong. [[nodiscard]]: a failure dropped on the
// floor would leave the cases after it running against a server in the wrong state.
class [[nodiscard]] HookResult {
 public:
  static HookResult done() { return HookResult(std::nullopt); }
  static HookResult failed(std::string problem) { return HookResult(std::move(problem)); }
  // From the lower layers' convention, "" for success.
  static HookResult from_problem(std::string problem) {
    return problem.empty() ? done() : failed(std::move(problem));
  }
  bool ok() const { return !problem_; }
  const std::string& problem() const { return *problem_; }  // only when !ok()

 private:
  explicit HookResult(std::optional<std::string> problem) : problem_(std::move(problem)) {}
  std::optional<std::string> problem_;
};

class FaultHooks {
 public:
  virtual ~FaultHooks() = default;

  // Each action blocks until done.
  virtual HookResult restart_out_of_band() = 0;  // the profile's signal or command
  virtual HookResult crash() = 0;                // returns once the server process is gone
  virtual HookResult set_backend(bool up) = 0;
  virtual BurstRecord run_burst(const BurstSpec& spec, const std::atomic<bool>* stop) = 0;

  // Supervision. Deaths the harness did not cause, counted; a description of those after `mark`
  // (exit status or signal, core, the tail of stderr).
  virtual std::uint64_t unexpected_deaths() const = 0;
  virtual std::string describe_deaths_since(std::uint64_t mark) const = 0;
  // False while a supervised server is down or restarting.
  virtual bool serving() const = 0;
  // True for the moment between a supervised server's exit and its death being on record: a case
  // that ends then is judged once it has passed, so a crash is pinned on the case it hit.
  virtual bool settling() const = 0;
  // Set once the supervisor has given up (the server would not start again): why.
  virtual std::optional<std::string> given_up() const = 0;
};

}  // namespace wsconform::scenario
