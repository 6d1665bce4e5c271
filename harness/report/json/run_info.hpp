// What a report says about the run itself (as opposed to its cases).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace wsconform::report {

struct RunInfo {
  std::string tool_version;
  std::string target;  // the URL as given
  std::chrono::system_clock::time_point started_at;
  double duration_ms = 0;
  unsigned jobs = 1;
  std::int64_t timeout_ms = 0;  // the default per-case timeout
  bool strict = false;
  std::uint64_t seed = 0;
  std::vector<std::string> include;  // --cases globs
  std::vector<std::string> exclude;  // --exclude globs
  bool interrupted = false;          // stopped early (Ctrl-C): only finished cases are reported
};

}  // namespace wsconform::report
