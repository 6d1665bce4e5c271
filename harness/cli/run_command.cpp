#include "cli/run_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <asio/ip/address.hpp>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "cli/build_info.hpp"
#include "cli/console_progress.hpp"
#include "cli/console_text.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt_signal.hpp"
#include "cli/profile_setup.hpp"
#include "cli/run_baseline.hpp"
#include "cli/run_outcome.hpp"
#include "cli/run_targets.hpp"
#include "cli/target_list.hpp"
#include "cli/tcp_preflight.hpp"
#include "report/json/fields.hpp"
#include "report/json/run_outcome.hpp"
#include "report/writer.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::cli {

namespace {

// A target on this machine: "localhost" or a loopback address (127.0.0.0/8, ::1).
bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  std::error_code error;
  const asio::ip::address address = asio::ip::make_address(host, error);
  return !error && address.is_loopback();
}

std::string count_line(const report::Json& report, std::size_t cases, double seconds) {
  const report::Json& counts = report.at("counts").at("by_verdict");
  std::string line = fmt::format("{} cases in {:.2f} s:", cases, seconds);
  for (const auto name : report::kVerdictOrder) {
    line += fmt::format(" {} {},", counts.at(std::string(name)).get<std::int64_t>(), name);
  }
  line.pop_back();
  const report::ReportOutcome outcome = report::report_outcome(report);
  switch (outcome.outcome) {
    case report::RunOutcome::conformant:
      return line + " — conformant";
    case report::RunOutcome::not_conformant:
      return line + " — NOT conformant";
    case report::RunOutcome::inconclusive:
      break;
  }
  return line + " — " + report::inconclusive_headline(outcome.tally.unjudged);
}

}  // namespace

CLI::App* add_run_command(CLI::App& app, RunArguments& arguments) {
  CLI::App* command = app.add_subcommand("run", "Run the conformance cases against a server");
  command
      ->add_option("--target", arguments.targets,
                   "ws://host[:port][/path] or wss://...; repeatable (cases x targets); with "
                   "--profile, overrides its url")
      ->type_name("URL")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  add_run_report_options(*command, arguments.report_options);
  command
      ->add_option("--profile", arguments.profile,
                   "Target profile (YAML, profiles/README.md): how to reach and start the server, "
                   "its fault triggers")
      ->type_name("FILE");
  command->add_flag("--server-output", arguments.server_output,
                    "With a profile that starts the server: copy its output to stderr");
  add_case_selection_options(*command, arguments.selection);
  command
      ->add_option("--jobs", arguments.jobs,
                   "Cases in flight at once (default: 4 per core, 4-64, when every target is on "
                   "this machine; 2 per core, 2-16, otherwise)")
      ->type_name("N")
      ->check(CLI::Range(1u, 4096u));
  command->add_option("--timeout", arguments.timeout_ms, "Timeout of one case, in milliseconds")
      ->type_name("MS")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{3'600'000}))
      ->capture_default_str();
  command
      ->add_option("--step-timeout", arguments.step_timeout_ms,
                   "How long one wait of a case (await, barrier, the close handshake) may take, in "
                   "milliseconds; a step's own timeout_ms wins")
      ->type_name("MS")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{3'600'000}))
      ->capture_default_str();
  command
      ->add_option("--give-up-after", arguments.give_up_after,
                   "Give up on a server that answers none of the first N cases (no handshake "
                   "response, or nothing after the upgrade): the cases still running stop, the "
                   "rest are reported as not run (error), exit 2; 0: never give up")
      ->type_name("N")
      ->capture_default_str();
  command
      ->add_option("--max-message-size", arguments.max_message_size,
                   "The largest message the server is meant to take, in bytes: refusing a smaller "
                   "one (1009) is then non-strict instead of informational (overrides the "
                   "profile's capacity.message_size)")
      ->type_name("BYTES")
      ->check(CLI::Range(std::uint64_t{1}, (std::uint64_t{1} << 63) - 1));
  command->add_flag("--strict", arguments.strict, "Judge non-strict (a SHOULD not met) as fail");
  command
      ->add_option("--report-dir", arguments.report_dir,
                   "Where report.json, junit.xml and summary.md go")
      ->type_name("DIR")
      ->capture_default_str();
  command->add_option("--seed", arguments.seed, "Seed for masking keys, handshake keys and pings")
      ->type_name("N")
      ->capture_default_str();
  command->add_flag("--insecure", arguments.insecure, "wss: do not verify the certificate");
  return command;
}

int run_command(const RunArguments& arguments) {
  const RunReportOptions& report_options = arguments.report_options;
  const std::vector<scenario::Case> cases = load_selected_cases(arguments.selection);
  if (cases.empty()) {
    throw CommandError(kExitUsage, "no case matches the --cases and --exclude globs");
  }
  const std::optional<report::Json> baseline = load_baseline(report_options.baseline);
  // Before a profile starts its server: Ctrl-C from here on stops it and leaves reports.
  const InterruptSignal interrupt;
  ProfileSetup setup;
  std::vector<TargetUrl> targets;
  if (!arguments.profile.empty()) {
    if (arguments.targets.size() > 1 || !report_options.targets_file.empty()) {
      throw CommandError(
          kExitUsage, "a profile describes one server: give at most one --target with --profile");
    }
    setup = set_up_profile(arguments.profile,
                           arguments.targets.empty() ? "" : arguments.targets.front(),
                           arguments.server_output, interrupt.flag());
    targets.push_back({setup.target.url, setup.target});
  } else {
    targets = collect_targets(arguments.targets, report_options.targets_file);
  }
  for (const TargetUrl& entry : targets) {
    if (auto problem = target_preflight_problem(entry.target))
      throw CommandError(kExitUsage, std::move(*problem));
  }

  scenario::RunOptions options;
  const bool all_local = std::all_of(targets.begin(), targets.end(), [](const TargetUrl& t) {
    return is_loopback_host(t.target.host);
  });
  options.jobs = arguments.jobs != 0 ? arguments.jobs : default_run_jobs(all_local);
  options.case_timeout = std::chrono::milliseconds(arguments.timeout_ms);
  options.step_timeout = std::chrono::milliseconds(arguments.step_timeout_ms);
  options.give_up_after_silent = arguments.give_up_after;
  options.seed = arguments.seed;
  options.insecure = arguments.insecure;
  options.declared_message_size = arguments.max_message_size;
  if (setup.environment) apply_profile(*setup.environment, options);
  const scenario::JudgeOptions judge_options{arguments.strict};

  ConsoleProgress progress(
      choose_console_style(current_console_environment(), report_options.quiet),
      cases.size() * targets.size(), report_options.verbose);
  const auto started_at = std::chrono::system_clock::now();
  const auto started = std::chrono::steady_clock::now();
  // Only the cases that finished are reported (an interrupt cuts the others short).
  const std::vector<TargetOutcome> outcomes =
      run_against_targets(cases, targets, options, judge_options, progress, interrupt.flag());
  progress.finish();
  const double elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  const bool interrupted = interrupt.raised();

  report::RunInfo run;
  run.tool_version = std::string(tool_version());
  run.started_at = started_at;
  run.duration_ms = elapsed_ms;
  run.jobs = options.jobs;
  run.timeout_ms = arguments.timeout_ms;
  run.strict = arguments.strict;
  run.seed = arguments.seed;
  run.include = arguments.selection.include;
  run.exclude = arguments.selection.exclude;
  run.interrupted = interrupted;
  report::Json report = build_run_report(run, outcomes);
  if (baseline) attach_baseline(report, report_options.baseline, *baseline);
  try {
    report::write_reports(arguments.report_dir, report);
  } catch (const report::ReportWriteError& error) {
    throw CommandError(kExitUsage, error.what());
  }

  const std::size_t finished = finished_cases(outcomes);
  fmt::print("{}\n", count_line(report, finished, elapsed_ms / 1000.0));
  if (!report_options.quiet) fmt::print("reports in {}\n", arguments.report_dir);
  if (interrupted) {
    fmt::print(stderr, "wsconform: interrupted after {} of {} cases\n", finished,
               cases.size() * targets.size());
    return kExitInterrupted;
  }
  // Every target that could not be tested is named, and a fail on another target still wins:
  // its verdict is as real as in a run of its own.
  bool untestable = false;
  bool failed_elsewhere = false;
  for (const TargetOutcome& outcome : outcomes) {
    std::optional<std::string> problem;
    if (const auto unreachable = unreachable_target_problem(outcome.results)) {
      problem = fmt::format("could not connect to the target {} in any case: {}",
                            console_text(outcome.url), console_text(*unreachable));
    } else if (outcome.end.gave_up) {
      // The run gives up only on a server that answered none of its cases: it cannot be tested.
      problem = fmt::format("cannot test the target {}: {}", console_text(outcome.url),
                            *outcome.end.gave_up);
    }
    if (problem) {
      fmt::print(stderr, "wsconform: {}\n", *problem);
      untestable = true;
      continue;
    }
    failed_elsewhere =
        failed_elsewhere ||
        std::any_of(outcome.results.begin(), outcome.results.end(), [](const auto& result) {
          return result.judgement.verdict == scenario::Verdict::fail;
        });
  }
  if (untestable) return failed_elsewhere ? kExitFailed : kExitUsage;
  return exit_status_of_report(report);
}

}  // namespace wsconform::cli
