#include "cli/profile_setup.hpp"

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/run_command.hpp"
#include "faults/profile.hpp"
#include "load/run_burst.hpp"
#include "scenario/loader.hpp"

namespace wsconform::cli {

ProfileSetup set_up_profile(const std::string& profile_file, const std::string& target_url,
                            bool pass_server_output) {
  ProfileSetup setup;
  faults::TargetProfile profile;
  try {
    profile = faults::load_profile_file(profile_file);
  } catch (const scenario::LoadError& error) {
    throw CommandError(kExitUsage, fmt::format("profile: {}", error.what()));
  }
  faults::EnvironmentOptions options;
  if (!target_url.empty()) options.target_override = target_url;
  options.pass_output = pass_server_output;
  options.burst = [](const scenario::Target& target, const scenario::BurstSpec& spec,
                     const std::atomic<bool>* stop) { return load::run_burst(target, spec, stop); };
  try {
    setup.environment = std::make_unique<faults::FaultEnvironment>(profile, std::move(options));
  } catch (const faults::EnvironmentError& error) {
    throw CommandError(kExitUsage, fmt::format("profile {}: {}", profile_file, error.what()));
  }
  setup.target = setup.environment->target();
  return setup;
}

void apply_profile(faults::FaultEnvironment& environment, scenario::RunOptions& options) {
  const faults::TargetProfile& profile = environment.profile();
  options.triggers = &environment.triggers();
  options.hooks = &environment;
  options.handshake_headers = profile.headers;
  options.insecure = options.insecure || profile.insecure;
  if (!profile.sni.empty()) options.sni = profile.sni;
}

}  // namespace wsconform::cli
