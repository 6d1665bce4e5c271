// `--profile FILE` for run, fuzz and replay: loads the target profile, sets up what it asks for
// (ports, backend stand-in, the supervised server) and fills the run's options from it.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "faults/fault_environment.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::cli {

struct ProfileSetup {
  std::unique_ptr<faults::FaultEnvironment> environment;
  scenario::Target target;
};

// Throws CommandError (exit 2) for an unreadable or invalid profile, a server that will not start
// or no target at all (exit 130 if `interrupt` was raised while it started). `target_url` (from
// --target; may be empty) overrides the profile's url.
ProfileSetup set_up_profile(const std::string& profile_file, const std::string& target_url,
                            bool pass_server_output, const std::atomic<bool>& interrupt);
// One server to talk to, from --target or --profile (fuzz and replay; run takes several targets).
struct SingleTargetArguments {
  std::string target;   // empty: the profile's url
  std::string profile;  // empty: none
  bool server_output = false;
};
// Adds --target, --profile (described by `profile_help`) and --server-output to `command`.
void add_single_target_options(CLI::App* command, SingleTargetArguments& arguments,
                               const std::string& profile_help);
// The profile set up (its server started) if one was given, and the target: the profile's, or
// --target's. Throws CommandError (exit 2) for neither, a bad URL or a bad profile.
ProfileSetup set_up_single_target(const SingleTargetArguments& arguments,
                                  const std::atomic<bool>& interrupt);

// Points `options` at the environment's triggers, hooks, headers and TLS settings.
void apply_profile(faults::FaultEnvironment& environment, scenario::RunOptions& options);

}  // namespace wsconform::cli
