// The exit statuses of `wsconform`, and the error a command throws to end with one of them. A
// run's outcome maps to 0, 1 or 3 through exit_status() (run_outcome.hpp): a fail wins over
// errors, and `unimplemented` cases (deliberately not run) do not make a run inconclusive.
#pragma once

#include <stdexcept>
#include <string>

namespace wsconform::cli {

inline constexpr int kExitConformant = 0;     // every case judged, none failed
inline constexpr int kExitFailed = 1;         // at least one case failed (a MUST not met)
inline constexpr int kExitUsage = 2;          // bad command line, configuration or connection
inline constexpr int kExitInconclusive = 3;   // none failed, but some could not be judged (error)
inline constexpr int kExitInternal = 4;       // a bug in wsconform itself (an unexpected exception)
inline constexpr int kExitInterrupted = 130;  // stopped by SIGINT or SIGTERM (128 + SIGINT)

// Thrown by a command; main prints "wsconform: <what>" and exits with `exit_code`.
class CommandError : public std::runtime_error {
 public:
  CommandError(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

}  // namespace wsconform::cli
