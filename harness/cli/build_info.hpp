// Values fixed at build time (compile definitions of wsconform_cli).
#pragma once

#include <string_view>

namespace wsconform::cli {

std::string_view tool_version();                // "0.1.0"
std::string_view default_scenario_directory();  // the repository's scenarios/
unsigned default_jobs();                        // hardware concurrency, at least 1

}  // namespace wsconform::cli
