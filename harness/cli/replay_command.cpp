#include "cli/replay_command.hpp"

#include <fmt/format.h>

#include <chrono>

#include "cli/build_info.hpp"
#include "cli/console_text.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt_signal.hpp"
#include "cli/profile_setup.hpp"
#include "cli/run_outcome.hpp"
#include "cli/tcp_preflight.hpp"
#include "report/json/report.hpp"
#include "report/writer.hpp"
#include "scenario/loader/loader.hpp"
#include "scenario/runner/runner.hpp"

namespace wsconform::cli {
namespace {

void print_result(const scenario::CaseResult& result) {
  fmt::print("{:<13} {}\n", scenario::verdict_name(result.judgement.verdict),
             console_text(result.test_case->id));
  for (const std::string& reason : result.judgement.reasons) {
    fmt::print("  {}\n", console_text(reason));
  }
}

}  // namespace

CLI::App* add_replay_command(CLI::App& app, ReplayArguments& arguments) {
  CLI::App* command =
      app.add_subcommand("replay", "Run a saved finding (a scenario file) and show its verdict");
  command->add_option("file", arguments.file, "The finding's YAML file (or any scenario file)")
      ->type_name("FILE")
      ->required()
      ->check(CLI::ExistingFile);
  add_single_target_options(
      command, arguments.server,
      "Target profile (YAML): a server it starts is supervised, so a crash shows as one (replay a "
      "campaign's finding with the campaign's profile)");
  command
      ->add_option("--timeout", arguments.timeout_ms,
                   "Step timeout in milliseconds (use the campaign's --timeout)")
      ->type_name("MS")
      ->check(CLI::Range(std::int64_t{10}, std::int64_t{600'000}))
      ->capture_default_str();
  command->add_option("--seed", arguments.seed, "Seed for masking keys the runner picks")
      ->type_name("N")
      ->capture_default_str();
  command->add_option("--jobs", arguments.jobs, "Cases in flight at once")
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  command
      ->add_option("--report-dir", arguments.report_dir,
                   "Also write report.json, junit.xml and summary.md here")
      ->type_name("DIR");
  command->add_flag("--insecure", arguments.insecure, "wss: do not verify the certificate");
  return command;
}

int replay_command(const ReplayArguments& arguments) {
  std::vector<scenario::Case> cases;
  try {
    cases = scenario::load_scenario_file(arguments.file);
  } catch (const scenario::LoadError& error) {
    throw CommandError(kExitUsage, error.what());
  }
  // Before a profile starts its server: Ctrl-C from here on stops it.
  const InterruptSignal interrupt;
  const ProfileSetup setup = set_up_single_target(arguments.server, interrupt.flag());
  const scenario::Target* target = &setup.target;
  if (auto problem = target_preflight_problem(*target))
    throw CommandError(kExitUsage, std::move(*problem));
  scenario::RunOptions options;
  options.jobs = arguments.jobs;
  options.step_timeout = std::chrono::milliseconds(arguments.timeout_ms);
  options.case_timeout = 10 * options.step_timeout;
  options.seed = arguments.seed;
  options.insecure = arguments.insecure;
  if (setup.environment) apply_profile(*setup.environment, options);
  const auto started_at = std::chrono::system_clock::now();
  const auto started = std::chrono::steady_clock::now();
  const std::vector<scenario::CaseResult> results =
      scenario::run_cases(cases, *target, options, scenario::JudgeOptions{}, {}, &interrupt.flag());
  for (const scenario::CaseResult& result : results) print_result(result);
  report::RunInfo run;
  run.tool_version = std::string(tool_version());
  run.target = target->url;
  run.started_at = started_at;
  run.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  run.jobs = arguments.jobs;
  run.timeout_ms = arguments.timeout_ms;
  run.seed = arguments.seed;
  run.interrupted = interrupt.flag().load();
  const report::Json report = report::build_json_report(run, results);
  if (!arguments.report_dir.empty()) {
    try {
      report::write_reports(arguments.report_dir, report);
    } catch (const report::ReportWriteError& error) {
      throw CommandError(kExitUsage, error.what());
    }
  }
  if (interrupt.flag().load()) return kExitInterrupted;
  return exit_status_of_report(report);  // as `run`: a fail wins, an error is inconclusive
}

}  // namespace wsconform::cli
