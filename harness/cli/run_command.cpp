#include "cli/run_command.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "cli/build_info.hpp"
#include "cli/console_text.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt_signal.hpp"
#include "cli/profile_setup.hpp"
#include "cli/run_outcome.hpp"
#include "cli/tcp_preflight.hpp"
#include "report/json_report.hpp"
#include "report/report_fields.hpp"
#include "report/report_writer.hpp"
#include "scenario/runner.hpp"

namespace wsconform::cli {

namespace {

constexpr std::size_t kMaxReasonOnConsole = 200;
constexpr std::chrono::milliseconds kPreflightTimeout{3000};

void print_case_line(const scenario::CaseResult& result) {
  if (result.judgement.verdict == scenario::Verdict::pass) return;
  const std::string& id =
      result.test_case != nullptr ? result.test_case->id : result.transcript.case_id;
  const std::string headline =
      result.judgement.reasons.empty() ? std::string() : result.judgement.reasons.front();
  fmt::print("{:<13} {}  {}\n", scenario::verdict_name(result.judgement.verdict), console_text(id),
             console_text(headline, kMaxReasonOnConsole));
  std::fflush(stdout);
}

std::string count_line(const report::Json& report, std::size_t cases, double seconds) {
  const report::Json& counts = report.at("counts").at("by_verdict");
  std::string line = fmt::format("{} cases in {:.2f} s:", cases, seconds);
  for (const auto name : report::kVerdictOrder) {
    line += fmt::format(" {} {},", counts.at(std::string(name)).get<std::int64_t>(), name);
  }
  line.pop_back();
  line += report.at("conformant").get<bool>() ? " — conformant" : " — NOT conformant";
  return line;
}

}  // namespace

CLI::App* add_run_command(CLI::App& app, RunArguments& arguments) {
  CLI::App* command = app.add_subcommand("run", "Run the conformance cases against a server");
  arguments.jobs = default_jobs();
  command
      ->add_option("--target", arguments.target,
                   "ws://host[:port][/path] or wss://... (overrides the profile's url)")
      ->type_name("URL");
  command
      ->add_option("--profile", arguments.profile,
                   "Target profile (YAML, profiles/README.md): how to reach and start the server, "
                   "its fault triggers")
      ->type_name("FILE");
  command->add_flag("--server-output", arguments.server_output,
                    "With a profile that starts the server: copy its output to stderr");
  add_case_selection_options(*command, arguments.selection);
  command->add_option("--jobs", arguments.jobs, "Cases in flight at once")
      ->type_name("N")
      ->check(CLI::Range(1u, 4096u))
      ->capture_default_str();
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
  const std::vector<scenario::Case> cases = load_selected_cases(arguments.selection);
  if (cases.empty()) {
    throw CommandError(kExitUsage, "no case matches the --cases and --exclude globs");
  }
  // Before the server starts (a profile may start it): Ctrl-C from here on leaves reports.
  const InterruptSignal interrupt;
  ProfileSetup setup = set_up_target(arguments.profile, arguments.target, arguments.server_output);
  const scenario::Target& target = setup.target;
  if (const auto problem = tcp_connect_problem(target.host, target.port, kPreflightTimeout)) {
    throw CommandError(kExitUsage, fmt::format("cannot reach the target {} ({}:{}): {}", target.url,
                                               target.host, target.port, *problem));
  }

  scenario::RunOptions options;
  options.jobs = arguments.jobs;
  options.case_timeout = std::chrono::milliseconds(arguments.timeout_ms);
  options.step_timeout = std::chrono::milliseconds(arguments.step_timeout_ms);
  options.seed = arguments.seed;
  options.insecure = arguments.insecure;
  if (setup.environment) apply_profile(*setup.environment, options);
  const scenario::JudgeOptions judge_options{arguments.strict};

  const auto started_at = std::chrono::system_clock::now();
  const auto started = std::chrono::steady_clock::now();
  std::vector<scenario::CaseResult> results = scenario::run_cases(
      cases, target, options, judge_options,
      [&](const scenario::CaseResult& result) {
        if (!(interrupt.raised() && cut_short_by_interrupt(result))) print_case_line(result);
      },
      &interrupt.flag());
  const double elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

  const bool interrupted = interrupt.raised();
  if (interrupted) {  // report only the cases that finished
    std::erase_if(results, cut_short_by_interrupt);
  }

  report::RunInfo run;
  run.tool_version = std::string(tool_version());
  run.target = target.url;
  run.started_at = started_at;
  run.duration_ms = elapsed_ms;
  run.jobs = arguments.jobs;
  run.timeout_ms = arguments.timeout_ms;
  run.strict = arguments.strict;
  run.seed = arguments.seed;
  run.include = arguments.selection.include;
  run.exclude = arguments.selection.exclude;
  run.interrupted = interrupted;
  const report::Json report = report::build_json_report(run, results);
  try {
    report::write_reports(arguments.report_dir, report);
  } catch (const report::ReportWriteError& error) {
    throw CommandError(kExitUsage, error.what());
  }

  fmt::print("{}\nreports in {}\n", count_line(report, results.size(), elapsed_ms / 1000.0),
             arguments.report_dir);
  if (interrupted) {
    fmt::print(stderr, "wsconform: interrupted after {} of {} cases\n", results.size(),
               cases.size());
    return kExitInterrupted;
  }
  if (const auto problem = unreachable_target_problem(results)) {
    throw CommandError(kExitUsage, fmt::format("could not connect to the target {} in any case: {}",
                                               target.url, console_text(*problem)));
  }
  return report.at("conformant").get<bool>() ? kExitConformant : kExitFailed;
}

}  // namespace wsconform::cli
