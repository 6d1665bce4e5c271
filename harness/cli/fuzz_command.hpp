// `wsconform fuzz`: a live fuzzing campaign against a running server (harness/fuzz/live/).
// Progress on stdout about once a second; findings saved as scenario YAML plus raw bytes in
// --findings; report.json (with its "fuzz" object), junit.xml and summary.md in --report-dir.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/profile_setup.hpp"

namespace wsconform::cli {

struct FuzzArguments {
  SingleTargetArguments server;
  std::optional<double> duration_s;
  std::optional<std::uint64_t> runs;
  std::uint64_t seed = 1;
  unsigned jobs = 16;
  std::string corpus;
  std::string findings = "findings";
  std::string report_dir = "reports";
  std::int64_t timeout_ms = 1000;
  std::size_t max_minimize_runs = 1000;
  bool insecure = false;
};

CLI::App* add_fuzz_command(CLI::App& app, FuzzArguments& arguments);

// 0 no finding, 1 findings, 2 usage or connection error, 130 interrupted.
int fuzz_command(const FuzzArguments& arguments);

}  // namespace wsconform::cli
