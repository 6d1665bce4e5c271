// Values fixed at build time (compile definitions of wsconform_cli).
#pragma once

#include <string_view>

namespace wsconform::cli {

std::string_view tool_version();                // "0.1.0"
std::string_view default_scenario_directory();  // the repository's scenarios/
unsigned default_jobs();                        // hardware concurrency, at least 1
// `run`'s --jobs when not given: cases mostly wait on the network, so several per core; more for a
// server on this machine (4 per core, 4-64) than for a remote one (2 per core, 2-16).
unsigned default_run_jobs(bool all_targets_local);

}  // namespace wsconform::cli
