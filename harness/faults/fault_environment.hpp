// Everything a target profile asks the harness to set up for a run: free loopback ports for its
// placeholders, the backend stand-in, the supervised server, and the FaultHooks the runner pulls
// triggers through. Tears it all down (server stopped and reaped) when destroyed.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "faults/backend_stub.hpp"
#include "faults/profile.hpp"
#include "faults/supervisor.hpp"
#include "scenario/model/fault_hooks.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::faults {

class EnvironmentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using BurstRunner = std::function<scenario::BurstRecord(
    const scenario::Target&, const scenario::BurstSpec&, const std::atomic<bool>*)>;

struct EnvironmentOptions {
  std::optional<std::string> target_override;    // --target, instead of the profile's url
  BurstRunner burst;                             // the overload engine; empty: bursts are errors
  bool pass_output = false;                      // copy the server's output to our stderr
  const std::atomic<bool>* interrupt = nullptr;  // Ctrl-C: stop waiting for the server
};

class FaultEnvironment : public scenario::FaultHooks {
 public:
  // Starts what the profile says. Throws EnvironmentError with a message for people.
  FaultEnvironment(const TargetProfile& profile, EnvironmentOptions options);
  ~FaultEnvironment() override;

  const scenario::Target& target() const { return target_; }
  const scenario::TriggerSet& triggers() const { return triggers_; }
  const TargetProfile& profile() const { return profile_; }
  Supervisor* supervisor() { return supervisor_.get(); }
  BackendStub* backend() { return backend_.get(); }

  // FaultHooks
  scenario::HookResult restart_out_of_band() override;
  scenario::HookResult crash() override;
  scenario::HookResult set_backend(bool up) override;
  scenario::BurstRecord run_burst(const scenario::BurstSpec& spec,
                                  const std::atomic<bool>* stop) override;
  std::uint64_t unexpected_deaths() const override;
  std::string describe_deaths_since(std::uint64_t mark) const override;
  bool serving() const override;
  bool settling() const override;
  std::optional<std::string> given_up() const override;

 private:
  TargetProfile profile_;  // placeholders expanded
  EnvironmentOptions options_;
  scenario::Target target_;
  scenario::TriggerSet triggers_;
  std::unique_ptr<BackendStub> backend_;
  std::unique_ptr<Supervisor> supervisor_;
};

// A port on 127.0.0.1 that nothing listens on right now (the kernel's pick); `count` distinct ones.
std::uint16_t free_loopback_port();
std::vector<std::uint16_t> free_loopback_ports(std::size_t count);

}  // namespace wsconform::faults
