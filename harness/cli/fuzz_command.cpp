#include "cli/fuzz_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "cli/console_text.hpp"
#include "cli/exit_codes.hpp"
#include "cli/fuzz_report.hpp"
#include "cli/interrupt_signal.hpp"
#include "cli/profile_setup.hpp"
#include "cli/tcp_preflight.hpp"
#include "fuzz/live/campaign.hpp"
#include "report/writer.hpp"
#include "scenario/loader/loader.hpp"

namespace wsconform::cli {
namespace {

// The profile's headers, TLS settings and supervision; its capacity bounds the connections.
void apply_fuzz_profile(faults::FaultEnvironment& environment,
                        fuzz::live::CampaignOptions& options) {
  scenario::RunOptions run;
  apply_profile(environment, run);
  options.handshake_headers = run.handshake_headers;
  options.insecure = run.insecure;
  options.sni = run.sni;
  options.hooks = run.hooks;
  const faults::TargetProfile& profile = environment.profile();
  if (profile.capacity && profile.capacity->connections > 0) {
    // Batches overlap: stay within half the server's capacity, or inputs would be refused with
    // 503 for the wrong reason (and be findings).
    const std::size_t room = profile.capacity->connections / (2 * fuzz::live::kBatchesInFlight);
    options.jobs = static_cast<unsigned>(std::clamp<std::size_t>(room, 1, options.jobs));
  }
  if (profile.capacity && profile.capacity->message_rate > 0) {
    fmt::print(stderr,
               "note: the profile caps the server at {} messages/s; a campaign can go faster, and "
               "the 1013 closes that draws are findings (fuzz a profile without the cap)\n",
               profile.capacity->message_rate);
  }
}

fuzz::live::CampaignOptions campaign_options(const FuzzArguments& arguments,
                                             const ProfileSetup& setup) {
  fuzz::live::CampaignOptions options;
  options.target = setup.target;
  options.seed = arguments.seed;
  options.duration_s = arguments.duration_s;
  options.runs = arguments.runs;
  options.jobs = arguments.jobs;
  options.timeout = std::chrono::milliseconds(arguments.timeout_ms);
  options.corpus_dir = arguments.corpus;
  options.findings_dir = arguments.findings;
  options.max_minimize_runs = arguments.max_minimize_runs;
  options.insecure = arguments.insecure;
  if (setup.environment) {
    apply_fuzz_profile(*setup.environment, options);
    options.replay_with = "--profile " + arguments.server.profile;
    if (!arguments.server.target.empty())
      options.replay_with += " --target " + arguments.server.target;
  }
  return options;
}

void print_progress(const fuzz::live::TimelinePoint& point) {
  fmt::print("fuzz {:7.1f} s  {:>9} inputs  {:>6.0f}/s  corpus {:>5}  findings {}\n", point.t_s,
             point.inputs, point.inputs_per_s, point.corpus, point.findings);
  std::fflush(stdout);
}

void print_finding(const fuzz::live::Finding& finding) {
  fmt::print("finding: {}\n  {} ({} s, input {}, minimized in {} runs)\n  {}: {}\n",
             console_text(finding.signature), finding.file.string(),
             fmt::format("{:.1f}", finding.found_at_s), finding.first_input, finding.minimize_runs,
             finding.verdict, console_text(finding.reason, kMaxReasonOnConsole));
  std::fflush(stdout);
}

}  // namespace

CLI::App* add_fuzz_command(CLI::App& app, FuzzArguments& arguments) {
  CLI::App* command = app.add_subcommand("fuzz", "Run a live fuzzing campaign against a server");
  add_single_target_options(
      command, arguments.server,
      "Target profile (YAML, profiles/README.md): a server it starts is supervised, an input that "
      "kills it is a finding and the campaign goes on once it is back");
  CLI::Option* duration = command
                              ->add_option("--duration", arguments.duration_s,
                                           "Stop after this many seconds (default 60)")
                              ->type_name("S")
                              ->check(CLI::PositiveNumber);
  CLI::Option* runs = command->add_option("--runs", arguments.runs, "Stop after this many inputs")
                          ->type_name("N")
                          ->check(CLI::PositiveNumber);
  duration->excludes(runs);
  command->add_option("--seed", arguments.seed, "Seed of the mutations (and of masks and keys)")
      ->type_name("N")
      ->capture_default_str();
  command
      ->add_option("--jobs", arguments.jobs,
                   "Connections in flight per batch of inputs (four batches overlap)")
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  command
      ->add_option("--corpus", arguments.corpus,
                   "Directory of inputs: read at the start, every kept input written to it")
      ->type_name("DIR");
  command->add_option("--findings", arguments.findings, "Where findings go (YAML and raw bytes)")
      ->type_name("DIR")
      ->capture_default_str();
  command
      ->add_option("--report-dir", arguments.report_dir,
                   "Where report.json, junit.xml and summary.md go")
      ->type_name("DIR")
      ->capture_default_str();
  command
      ->add_option("--timeout", arguments.timeout_ms,
                   "How long to wait for the server at each step, in milliseconds; the server "
                   "must end TCP this soon after a close")
      ->type_name("MS")
      ->check(CLI::Range(std::int64_t{10}, std::int64_t{600'000}))
      ->capture_default_str();
  command
      ->add_option("--max-minimize-runs", arguments.max_minimize_runs,
                   "Runs allowed to minimize one finding")
      ->type_name("N")
      ->capture_default_str();
  command->add_flag("--insecure", arguments.insecure, "wss: do not verify the certificate");
  return command;
}

int fuzz_command(const FuzzArguments& arguments) {
  // Before a profile starts its server: Ctrl-C from here on stops it and leaves reports.
  const InterruptSignal interrupt;
  const ProfileSetup setup = set_up_single_target(arguments.server, interrupt.flag());
  const fuzz::live::CampaignOptions options = campaign_options(arguments, setup);
  if (auto problem = target_preflight_problem(options.target))
    throw CommandError(kExitUsage, std::move(*problem));

  const auto started_at = std::chrono::system_clock::now();
  fuzz::live::CampaignResult result;
  try {
    result = fuzz::live::run_campaign(options, print_progress, print_finding, &interrupt.flag());
  } catch (const scenario::LoadError& error) {
    throw CommandError(kExitUsage, fmt::format("--corpus: {}", error.what()));
  }
  try {
    report::write_reports(arguments.report_dir, campaign_report(result, options, started_at));
  } catch (const report::ReportWriteError& error) {
    throw CommandError(kExitUsage, error.what());
  }
  const double fuzzing_s = result.duration_s - result.minimize_s;
  fmt::print(
      "{} inputs in {:.1f} s ({:.0f}/s; {:.0f}/s outside {:.1f} s of minimizing), corpus {}, {} "
      "{}{}; "
      "reports in {}\n",
      result.inputs, result.duration_s, result.inputs_per_s,
      fuzzing_s > 0 ? result.inputs / fuzzing_s : 0.0, result.minimize_s, result.corpus,
      result.findings.size(), result.findings.size() == 1 ? "finding" : "findings",
      result.server_down ? " (the server went down)" : "", arguments.report_dir);
  if (result.interrupted) return kExitInterrupted;
  if (result.inputs > 0 && result.errors == result.inputs) {
    throw CommandError(kExitUsage, "no input could be run against the target (see report.json)");
  }
  return result.findings.empty() ? kExitConformant : kExitFailed;
}

}  // namespace wsconform::cli
