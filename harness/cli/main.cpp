// The wsconform command: wiring only. Each command lives in its own file.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "cli/build_info.hpp"
#include "cli/exit_codes.hpp"
#include "cli/explain_command.hpp"
#include "cli/fuzz_command.hpp"
#include "cli/list_command.hpp"
#include "cli/replay_command.hpp"
#include "cli/report_command.hpp"
#include "cli/run_command.hpp"

int main(int argc, char** argv) {
  using namespace wsconform::cli;
  CLI::App app{"wsconform: conformance harness for WebSocket servers (RFC 6455)"};
  app.set_version_flag("--version", std::string(tool_version()));
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 conformant (every case judged, none failed), 1 a case failed (a MUST not "
      "met; wins over errors), 2 usage, configuration or connection error, 3 inconclusive (no "
      "case failed, but some could not be judged: error), 4 internal error (a bug in wsconform: "
      "please report it), 130 interrupted.");

  RunArguments run_arguments;
  CaseSelection list_arguments;
  ExplainArguments explain_arguments;
  ReportArguments report_arguments;
  FuzzArguments fuzz_arguments;
  ReplayArguments replay_arguments;
  CLI::App* run = add_run_command(app, run_arguments);
  CLI::App* list = add_list_command(app, list_arguments);
  CLI::App* explain = add_explain_command(app, explain_arguments);
  CLI::App* report = add_report_command(app, report_arguments);
  CLI::App* fuzz = add_fuzz_command(app, fuzz_arguments);
  CLI::App* replay = add_replay_command(app, replay_arguments);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);  // prints help, the version, or the error
    return status == 0 ? kExitConformant : kExitUsage;
  }

  try {
    if (run->parsed()) return run_command(run_arguments);
    if (list->parsed()) return list_command(list_arguments);
    if (explain->parsed()) return explain_command(explain_arguments);
    if (report->parsed()) return report_command(report_arguments);
    if (fuzz->parsed()) return fuzz_command(fuzz_arguments);
    if (replay->parsed()) return replay_command(replay_arguments);
  } catch (const CommandError& error) {
    fmt::print(stderr, "wsconform: {}\n", error.what());
    return error.exit_code();
  } catch (const std::exception& error) {
    // Not the user's mistake nor the server's verdict: a status of its own.
    fmt::print(stderr, "wsconform: internal error: {}\n", error.what());
    return kExitInternal;
  }
  return kExitInternal;
}
