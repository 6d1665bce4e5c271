#include "faults/supervisor.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

extern char** environ;

namespace wsconform::faults {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::size_t kTailBytes = 16384;     // kept of the server's output
constexpr std::size_t kDescribedTail = 2000;  // shown when a death is described
constexpr auto kReadySlice = 20ms;
constexpr auto kReapTimeout = 10s;
constexpr auto kOutputDrainTimeout = 1s;

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// The harness's environment with the profile's additions (the profile wins).
std::vector<std::string> child_environment(const std::map<std::string, std::string>& additions) {
  std::vector<std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::string name(text.substr(0, text.find('=')));
    if (additions.count(name) == 0) out.emplace_back(text);
  }
  for (const auto& [name, value] : additions) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Exited (or was killed) without being reaped: the monitor's waitpid reaps it.
bool has_exited(pid_t pid) {
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

}  // namespace

Supervisor::Supervisor(Options options) : options_(std::move(options)) {}

Supervisor::~Supervisor() {
  stop();
}

bool Supervisor::launch(std::string& error) {
  std::vector<std::string> argument_strings = options_.start.command;
  std::vector<std::string> environment_strings = child_environment(options_.start.environment);
  std::vector<char*> argv = pointers(argument_strings);
  std::vector<char*> envp = pointers(environment_strings);
  const std::string directory = options_.start.working_directory;
  int out[2] = {-1, -1};
  int err[2] = {-1, -1};
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    error = std::string("cannot make pipes: ") + std::strerror(errno);
    for (int& fd : out) close_fd(fd);
    for (int& fd : err) close_fd(fd);
    return false;
  }
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child == 0) {
    // Only async-signal-safe calls from here to exec.
    ::setpgid(0, 0);  // its own group: stop and crash signals reach its children too
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // dies with the harness, whatever kills the harness
    if (::getppid() != parent) ::_exit(127);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, STDIN_FILENO);
    // Nothing else of ours leaks in (Asio's sockets are not close-on-exec): a listener the server
    // inherited would keep accepting for the harness's backend stand-in after it is cut.
    ::close_range(3, ~0U, 0);
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction defaults {};
    defaults.sa_handler = SIG_DFL;
    for (const int signal : {SIGPIPE, SIGINT, SIGTERM, SIGHUP})
      ::sigaction(signal, &defaults, nullptr);
    if (!directory.empty() && ::chdir(directory.c_str()) != 0) {
      static constexpr char kMessage[] = "wsconform: cannot enter the working directory\n";
      (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
      ::_exit(126);
    }
    ::execvpe(argv[0], argv.data(), envp.data());
    static constexpr char kMessage[] = "wsconform: cannot execute the server's command\n";
    (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::_exit(127);
  }
  close_fd(out[1]);
  close_fd(err[1]);
  if (child < 0) {
    error = std::string("cannot fork: ") + std::strerror(errno);
    close_fd(out[0]);
    close_fd(err[0]);
    return false;
  }
  ::setpgid(child, child);  // also here, so it holds before anything signals the group
  std::uint64_t generation = 0;
  {
    const std::lock_guard lock(mutex_);
    pid_ = child;
    generation = ++generation_;
    alive_ = true;
    ready_line_seen_ = false;
    stdout_partial_line_.clear();
    output_tail_.clear();  // a death is told with what that process wrote, not its predecessors
    started_at_ = Clock::now();
    ++starts_;
  }
  if (reader_.joinable()) reader_.join();
  reader_ = std::thread([this, fd_out = out[0], fd_err = err[0], generation] {
    read_output(fd_out, fd_err, generation);
  });
  return true;
}

void Supervisor::append_output(std::string_view bytes, bool from_stdout) {
  if (options_.pass_output) (void)!::write(STDERR_FILENO, bytes.data(), bytes.size());
  const std::lock_guard lock(mutex_);
  output_tail_.append(bytes);
  if (output_tail_.size() > kTailBytes) output_tail_.erase(0, output_tail_.size() - kTailBytes);
  if (!from_stdout || !options_.start.ready_line || ready_line_seen_) return;
  stdout_partial_line_.append(bytes);
  // Only whole lines count.
  std::size_t newline;
  while ((newline = stdout_partial_line_.find('\n')) != std::string::npos) {
    if (stdout_partial_line_.substr(0, newline).find(*options_.start.ready_line) !=
        std::string::npos) {
      ready_line_seen_ = true;
      changed_.notify_all();
    }
    stdout_partial_line_.erase(0, newline + 1);
  }
  // A line longer than the tail keeps only its end (where a ready text may still be found).
  if (stdout_partial_line_.size() > kTailBytes) {
    stdout_partial_line_.erase(0, stdout_partial_line_.size() - kTailBytes);
  }
}

void Supervisor::read_output(int out_fd, int err_fd, std::uint64_t generation) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  char buffer[4096];
  std::optional<Clock::time_point> drain_until;  // set once the process is gone
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const int ready = ::poll(fds, 2, 100);
    if (ready < 0 && errno != EINTR) break;
    if (!drain_until) {
      const std::lock_guard lock(mutex_);
      if (generation_ != generation || !alive_) drain_until = Clock::now() + kOutputDrainTimeout;
    }
    // Whatever still holds the pipes after the server died gets a short while, not forever.
    if (drain_until && Clock::now() >= *drain_until) break;
    if (ready <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        append_output(std::string_view(buffer, static_cast<std::size_t>(got)), i == 0);
      } else if (got == 0 || errno != EINTR) {
        close_fd(fds[i].fd);
      }
    }
  }
  close_fd(fds[0].fd);
  close_fd(fds[1].fd);
  const std::lock_guard lock(mutex_);
  output_complete_ = std::max(output_complete_, generation);
  changed_.notify_all();
}

bool Supervisor::tcp_accepts() const {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options_.port);
  if (::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found) != 0) return false;
  bool accepted = false;
  for (addrinfo* at = found; at != nullptr && !accepted; at = at->ai_next) {
    const int fd = ::socket(at->ai_family, at->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    if (::connect(fd, at->ai_addr, at->ai_addrlen) == 0) {
      accepted = true;
    } else if (errno == EINPROGRESS) {
      pollfd wait{fd, POLLOUT, 0};
      int so_error = 0;
      socklen_t length = sizeof so_error;
      accepted = ::poll(&wait, 1, 200) == 1 &&
                 ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &length) == 0 && so_error == 0;
    }
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return accepted;
}

bool Supervisor::wait_until_ready(std::string& error) {
  const Clock::time_point deadline = Clock::now() + options_.start.ready_timeout;
  for (;;) {
    pid_t pid = -1;
    {
      std::unique_lock lock(mutex_);
      if (stopping_ || (options_.interrupt != nullptr && options_.interrupt->load())) {
        error = "the harness is stopping";
        return false;
      }
      if (options_.start.ready_line && ready_line_seen_) return true;
      pid = pid_;
    }
    if (has_exited(pid)) {
      // Read what it wrote to the end first: it may have said it was ready just before dying
      // (the monitor then sees the death), and its last words explain the death.
      std::unique_lock lock(mutex_);
      const std::uint64_t generation = generation_;
      changed_.wait_for(lock, kOutputDrainTimeout, [&] { return output_complete_ >= generation; });
      if (options_.start.ready_line && ready_line_seen_) return true;
      error = "it exited before it was ready";
      if (!output_tail_.empty()) {
        error += "; its last output: " +
                 output_tail_.substr(output_tail_.size() -
                                     std::min(output_tail_.size(), kDescribedTail));
      }
      return false;
    }
    if (options_.start.ready_tcp && tcp_accepts()) return true;
    if (Clock::now() >= deadline) {
      error =
          "it was not ready within " + std::to_string(options_.start.ready_timeout.count()) +
          " ms (" +
          (options_.start.ready_line ? "no stdout line with \"" + *options_.start.ready_line + "\""
                                     : "its port did not accept a connection") +
          ")";
      return false;
    }
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, kReadySlice);
  }
}

bool Supervisor::start(std::string& error) {
  {
    const std::lock_guard lock(mutex_);
    if (monitor_.joinable() || alive_) {
      error = "already started";
      return false;
    }
    stopping_ = false;
    given_up_.reset();
  }
  if (!launch(error)) return false;
  if (!wait_until_ready(error)) {
    pid_t pid;
    {
      const std::lock_guard lock(mutex_);
      pid = pid_;
      harness_kill_pending_ = true;
    }
    ::kill(-pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    {
      const std::lock_guard lock(mutex_);
      alive_ = false;
      harness_kill_pending_ = false;
      changed_.notify_all();
    }
    if (reader_.joinable()) reader_.join();
    return false;
  }
  {
    const std::lock_guard lock(mutex_);
    serving_ = true;
  }
  monitor_ = std::thread([this] { monitor(); });
  return true;
}

void Supervisor::monitor() {
  for (;;) {
    pid_t pid;
    Clock::time_point started;
    {
      const std::lock_guard lock(mutex_);
      pid = pid_;
      started = started_at_;
    }
    int status = 0;
    pid_t reaped;
    do {
      reaped = ::waitpid(pid, &status, 0);
    } while (reaped < 0 && errno == EINTR);
    Death death;
    death.at = Clock::now();
    death.uptime_s = std::chrono::duration<double>(death.at - started).count();
    if (reaped == pid && WIFEXITED(status)) {
      death.exited = true;
      death.code = WEXITSTATUS(status);
    } else if (reaped == pid && WIFSIGNALED(status)) {
      death.signal = WTERMSIG(status);
      death.core_dumped = WCOREDUMP(status);
    }
    // What it left behind in its group dies with it: a leftover child would hold the port and
    // the output pipes (the reader would never see their end).
    ::kill(-pid, SIGKILL);
    bool restart = false;
    std::optional<std::string> giving_up;  // on record with the death, once its output is in
    {
      // The death is on record at once, so a case that saw its connection drop is judged
      // knowing of it; the output tail is added once the reader has read to the end.
      const std::lock_guard lock(mutex_);
      alive_ = false;
      serving_ = false;
      death.caused_by_harness = stopping_ || harness_kill_pending_ ||
                                (restart_expected_until_ && death.at < *restart_expected_until_);
      harness_kill_pending_ = false;
      deaths_.push_back(death);
      tail_pending_ = true;
      if (!death.caused_by_harness) ++unexpected_;
      if (!stopping_) {
        if (restart_failure_) {
          giving_up = "it could not be started again: " + *restart_failure_;
        } else if (!options_.start.restart_on_exit) {
          giving_up = "it " + describe(death) + ", and the profile does not restart it";
        } else if (unexpected_ > options_.start.max_restarts) {
          giving_up = "it died " + std::to_string(unexpected_) + " times";
        } else {
          restart = true;
        }
      }
      changed_.notify_all();
    }
    if (reader_.joinable()) reader_.join();  // bounded: see read_output
    {
      const std::lock_guard lock(mutex_);
      deaths_.back().output_tail =
          output_tail_.substr(output_tail_.size() - std::min(output_tail_.size(), kDescribedTail));
      tail_pending_ = false;
      if (giving_up) given_up_ = std::move(giving_up);
      ++complete_deaths_;
      changed_.notify_all();
    }
    if (!restart) return;
    std::string error;
    const bool launched = launch(error);
    if (launched && wait_until_ready(error)) {
      const std::lock_guard lock(mutex_);
      serving_ = true;
      changed_.notify_all();
      continue;
    }
    if (launched) {
      // Not ready (or the harness is stopping): this process is ours to end and reap.
      {
        const std::lock_guard lock(mutex_);
        harness_kill_pending_ = true;
        restart_failure_ = error;
        ::kill(-pid_, SIGKILL);
      }
      continue;  // the loop reaps it, then stops or gives up
    }
    const std::lock_guard lock(mutex_);
    given_up_ = "it could not be started again: " + error;
    changed_.notify_all();
    return;
  }
}

void Supervisor::stop() {
  pid_t pid = -1;
  {
    std::unique_lock lock(mutex_);
    if (!monitor_.joinable() && !alive_) return;
    stopping_ = true;
    changed_.notify_all();
    if (alive_) {
      pid = pid_;
      ::kill(-pid, options_.start.stop_signal);
      if (!changed_.wait_for(lock, options_.start.stop_timeout,
                             [&] { return !alive_ || pid_ != pid; })) {
        ::kill(-pid, SIGKILL);  // it did not stop in time
        changed_.wait_for(lock, kReapTimeout, [&] { return !alive_ || pid_ != pid; });
      }
    }
  }
  if (monitor_.joinable()) monitor_.join();
  if (reader_.joinable()) reader_.join();
}

bool Supervisor::serving() const {
  const std::lock_guard lock(mutex_);
  return serving_ && !has_exited(pid_);
}

bool Supervisor::settling() const {
  const std::lock_guard lock(mutex_);
  return (alive_ && has_exited(pid_)) || tail_pending_;
}

void Supervisor::expect_exit_within(std::chrono::milliseconds window) {
  const std::lock_guard lock(mutex_);
  restart_expected_until_ = Clock::now() + window;
}

std::optional<std::string> Supervisor::given_up() const {
  const std::lock_guard lock(mutex_);
  return given_up_;
}

std::uint64_t Supervisor::unexpected_deaths() const {
  const std::lock_guard lock(mutex_);
  return unexpected_;
}

std::uint64_t Supervisor::starts() const {
  const std::lock_guard lock(mutex_);
  return starts_;
}

std::vector<Supervisor::Death> Supervisor::deaths() const {
  const std::lock_guard lock(mutex_);
  return deaths_;
}

pid_t Supervisor::pid() const {
  const std::lock_guard lock(mutex_);
  return alive_ ? pid_ : -1;
}

std::string Supervisor::describe(const Death& death) {
  std::string text = death.exited ? "exited with status " + std::to_string(death.code)
                                  : "was killed by " + signal_name(death.signal);
  if (death.core_dumped) text += " (core dumped)";
  const long tenths = static_cast<long>(death.uptime_s * 10);
  text += " after " + std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
  return text;
}

std::string Supervisor::describe_deaths_since(std::uint64_t mark) const {
  const std::lock_guard lock(mutex_);
  std::string text;
  std::uint64_t seen = 0;
  for (const Death& death : deaths_) {
    if (death.caused_by_harness || ++seen <= mark) continue;
    if (!text.empty()) text += "; then it ";
    text += describe(death);
    if (!death.output_tail.empty()) text += "; its last output: " + death.output_tail;
  }
  return text.empty() ? "" : "it " + text;
}

std::string Supervisor::kill_as_fault(int signal) {
  std::unique_lock lock(mutex_);
  if (!alive_) return "the server is not running";
  const pid_t pid = pid_;
  const std::uint64_t deaths_before = complete_deaths_;
  harness_kill_pending_ = true;
  if (::kill(-pid, signal) != 0) {
    harness_kill_pending_ = false;
    return "cannot send " + signal_name(signal) + ": " + std::strerror(errno);
  }
  // Once its death is on record with its last output.
  const auto recorded = [&] { return complete_deaths_ > deaths_before; };
  if (!changed_.wait_for(lock, kReapTimeout, recorded)) {
    // It survived the signal: end it for real, so its next death is not taken for this one.
    ::kill(-pid, SIGKILL);
    changed_.wait_for(lock, kReapTimeout, recorded);
    return "the server did not die of " + signal_name(signal) + " within " +
           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(kReapTimeout).count()) +
           " s";
  }
  return "";
}

std::string Supervisor::send_signal(int signal) {
  const std::lock_guard lock(mutex_);
  if (!alive_) return "the server is not running";
  if (::kill(-pid_, signal) != 0) {
    return "cannot send " + signal_name(signal) + ": " + std::strerror(errno);
  }
  return "";
}

}  // namespace wsconform::faults
