// A server process started by a test: spawned with arguments, stdout read line by line with a
// timeout, and always killed and reaped when the object goes away (even if the test fails).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsconform::testing {

struct ProcessExit {
  bool exited = false;  // true: exit status in `code`; false: killed by `signal`
  int code = 0;
  int signal = 0;
};

class TargetProcess {
 public:
  using Duration = std::chrono::milliseconds;

  // Starts `program args...`. stdout is always read by us; stderr is captured only when asked
  // (otherwise it goes to the test's stderr, which helps when a test fails).
  TargetProcess(const std::string& program, const std::vector<std::string>& args,
                bool capture_stderr = false);
  ~TargetProcess();
  TargetProcess(const TargetProcess&) = delete;
  TargetProcess& operator=(const TargetProcess&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // The next stdout line starting with `prefix` (earlier lines are skipped), or nullopt when the
  // timeout passes or stdout ends first.
  std::optional<std::string> wait_for_line(std::string_view prefix, Duration timeout);
  // Waits for "listening on HOST:PORT" and returns PORT.
  std::optional<std::uint16_t> wait_until_listening(Duration timeout);

  void send_signal(int signal_number);
  // Reaps the process if it ends within `timeout`.
  std::optional<ProcessExit> wait_for_exit(Duration timeout);
  // Everything the process wrote to stderr (capture_stderr only), read until EOF or `timeout`.
  std::string captured_stderr(Duration timeout);

 private:
  // Reads what is available on `fd` into `into` within `timeout`; false on EOF or timeout.
  static bool read_more(int fd, std::string& into, Duration timeout);

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string stdout_buffer_;
  std::string stderr_buffer_;
  std::optional<ProcessExit> exit_;
};

}  // namespace wsconform::testing
