#include "cli/profile_setup.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cli/exit_codes.hpp"
#include "cli/run_command.hpp"
#include "faults/profile.hpp"
#include "overload/run_burst.hpp"
#include "scenario/loader/loader.hpp"

namespace wsconform::cli {

ProfileSetup set_up_profile(const std::string& profile_file, const std::string& target_url,
                            bool pass_server_output, const std::atomic<bool>& interrupt) {
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
  options.interrupt = &interrupt;
  options.burst = [](const scenario::Target& target, const scenario::BurstSpec& spec,
                     const std::atomic<bool>* stop) {
    return overload::run_burst(target, spec, stop);
  };
  try {
    setup.environment = std::make_unique<faults::FaultEnvironment>(profile, std::move(options));
  } catch (const faults::EnvironmentError& error) {
    if (interrupt.load())
      throw CommandError(kExitInterrupted, "interrupted while starting the server");
    throw CommandError(kExitUsage, fmt::format("profile {}: {}", profile_file, error.what()));
  }
  setup.target = setup.environment->target();
  return setup;
}

void add_single_target_options(CLI::App* command, SingleTargetArguments& arguments,
                               const std::string& profile_help) {
  command
      ->add_option("--target", arguments.target,
                   "ws://host[:port][/path] or wss://...; required without --profile, overrides "
                   "its url")
      ->type_name("URL");
  command->add_option("--profile", arguments.profile, profile_help)
      ->type_name("FILE")
      ->check(CLI::ExistingFile);
  command->add_flag("--server-output", arguments.server_output,
                    "With a profile that starts the server: copy its output to stderr");
}

ProfileSetup set_up_single_target(const SingleTargetArguments& arguments,
                                  const std::atomic<bool>& interrupt) {
  if (!arguments.profile.empty()) {
    return set_up_profile(arguments.profile, arguments.target, arguments.server_output, interrupt);
  }
  if (arguments.target.empty())
    throw CommandError(kExitUsage, "give --target URL or --profile FILE");
  std::string problem;
  const std::optional<scenario::Target> target =
      scenario::parse_target_url(arguments.target, &problem);
  if (!target) throw CommandError(kExitUsage, fmt::format("--target: {}", problem));
  ProfileSetup setup;
  setup.target = *target;
  return setup;
}

void apply_profile(faults::FaultEnvironment& environment, scenario::RunOptions& options) {
  const faults::TargetProfile& profile = environment.profile();
  options.triggers = &environment.triggers();
  options.hooks = &environment;
  options.handshake_headers = profile.headers;
  // A case holds a few connections at once (its main one and its peers): stay well inside the
  // server's capacity, or ordinary cases would be refused with 503 for the wrong reason.
  if (profile.capacity && profile.capacity->connections > 0) {
    const auto room =
        static_cast<unsigned>(std::max<std::size_t>(1, profile.capacity->connections / 4));
    options.jobs = std::min(options.jobs, room);
  }
  if (options.declared_message_size == 0 && profile.capacity) {
    options.declared_message_size = profile.capacity->message_size;  // --max-message-size wins
  }
  options.insecure = options.insecure || profile.insecure;
  if (!profile.sni.empty()) options.sni = profile.sni;
}

}  // namespace wsconform::cli
