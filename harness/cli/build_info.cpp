#include "cli/build_info.hpp"

#include <algorithm>
#include <thread>

namespace wsconform::cli {

std::string_view tool_version() {
  return WSCONFORM_VERSION;
}
std::string_view default_scenario_directory() {
  return WSCONFORM_SCENARIO_DIR;
}
unsigned default_run_jobs(bool all_targets_local) {
  const unsigned cores = default_jobs();
  return all_targets_local ? std::clamp(4 * cores, 4u, 64u) : std::clamp(2 * cores, 2u, 16u);
}

unsigned default_jobs() {
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace wsconform::cli
