// `wsconform replay FILE --target URL`: runs the cases of a saved finding (or any scenario file)
// and prints each verdict with all its reasons: the same load, run and judge as the campaign that
// saved it, so the verdict is the same.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/profile_setup.hpp"

namespace wsconform::cli {

struct ReplayArguments {
  std::string file;
  SingleTargetArguments server;
  std::int64_t timeout_ms = 1000;  // the step timeout, as `wsconform fuzz --timeout`
  std::uint64_t seed = 1;
  unsigned jobs = 1;
  std::string report_dir;  // empty: no reports
  bool insecure = false;
};

CLI::App* add_replay_command(CLI::App& app, ReplayArguments& arguments);

// As `run`: 0 every case judged and none failed, 1 a case failed (the finding reproduces), 2
// usage or connection error, 3 inconclusive (none failed, some could not be judged), 130
// interrupted.
int replay_command(const ReplayArguments& arguments);

}  // namespace wsconform::cli
