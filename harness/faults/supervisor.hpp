// Starts the server under test, waits until it is ready, watches it (exit status, signal, core),
// keeps the tail of what it writes, starts it again when it dies, and always stops and reaps it
// (the child also dies with the harness: PR_SET_PDEATHSIG). Thread-safe.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "faults/profile.hpp"

namespace wsconform::faults {

class Supervisor {
 public:
  struct Options {
    StartSpec start;   // command already expanded
    std::string host;  // for readiness by TCP
    std::uint16_t port = 0;
    bool pass_output = false;  // also copy the server's stdout and stderr to ours
    const std::atomic<bool>* interrupt = nullptr;  // set: stop waiting for readiness (Ctrl-C)
  };

  struct Death {
    std::chrono::steady_clock::time_point at;
    bool exited = false;  // true: `code`; false: killed by `signal`
    int code = 0;
    int signal = 0;
    bool core_dumped = false;
    bool caused_by_harness = false;  // a crash trigger, or stop()
    double uptime_s = 0;
    std::string output_tail;  // the last of its stderr (and stdout)
  };

  explicit Supervisor(Options options);
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Starts the server and waits until it is ready. False, with `error`, when it cannot be
  // started, exits first, or is not ready in time (it is then stopped).
  bool start(std::string& error);
  // Stops it: the stop signal, then SIGKILL after the stop timeout; reaps it. Idempotent.
  void stop();

  bool serving() const;
  // The server has exited and its death is not on record yet (a moment after it dies).
  bool settling() const;
  // A restart asked of it (signal or command) may end the process: an exit within `window`
  // is the harness's doing, not an unexpected death.
  void expect_exit_within(std::chrono::milliseconds window);
  std::optional<std::string> given_up() const;
  std::uint64_t unexpected_deaths() const;
  // "killed by SIGSEGV (core dumped) after 2.1 s; its output ended: ..." for deaths after `mark`.
  std::string describe_deaths_since(std::uint64_t mark) const;
  std::vector<Death> deaths() const;
  std::uint64_t starts() const;

  // A crash on purpose: sends `signal` and returns once the process is reaped ("" or what went
  // wrong; a server that survives the signal is then killed). Not an unexpected death; the
  // supervisor then starts it again.
  std::string kill_as_fault(int signal);
  // Sends `signal` to the server's process group ("" or what went wrong).
  std::string send_signal(int signal);
  pid_t pid() const;

 private:
  bool launch(std::string& error);  // fork + exec; mutex_ not held
  bool wait_until_ready(std::string& error);
  bool tcp_accepts() const;
  void read_output(int out_fd, int err_fd, std::uint64_t generation);
  void monitor();
  void append_output(std::string_view bytes, bool from_stdout);
  static std::string describe(const Death& death);

  Options options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  pid_t pid_ = -1;
  std::uint64_t generation_ = 0;       // one per process started
  std::uint64_t output_complete_ = 0;  // the last generation whose output was read to its end
  std::chrono::steady_clock::time_point started_at_;
  bool ready_line_seen_ = false;
  bool alive_ = false;
  bool serving_ = false;
  bool stopping_ = false;
  bool harness_kill_pending_ = false;
  std::optional<std::string> given_up_;
  std::optional<std::string> restart_failure_;
  std::optional<std::chrono::steady_clock::time_point>
      restart_expected_until_;  // a restart that was not ready: give up once reaped
  std::vector<Death> deaths_;
  std::uint64_t unexpected_ = 0;
  std::uint64_t complete_deaths_ = 0;  // deaths with their output tail attached
  bool tail_pending_ = false;          // the last death waits for its output tail
  std::uint64_t starts_ = 0;
  std::string output_tail_;
  std::string stdout_partial_line_;
  std::thread reader_;
  std::thread monitor_;
};

}  // namespace wsconform::faults
