#include "support/target_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <thread>

namespace wsconform::testing {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxBufferedOutput = 1u << 20;  // a chatty child cannot exhaust memory
constexpr auto kReapPollInterval = std::chrono::milliseconds(2);

ProcessExit decode_status(int status) {
  if (WIFEXITED(status)) return {true, WEXITSTATUS(status), 0};
  return {false, 0, WIFSIGNALED(status) ? WTERMSIG(status) : 0};
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

TargetProcess::TargetProcess(const std::string& program, const std::vector<std::string>& args,
                             bool capture_stderr) {
  // Everything the child needs is prepared before fork: after it only exec-safe calls are made.
  std::vector<std::string> words{program};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);

  int stdout_pipe[2] = {-1, -1};
  int stderr_pipe[2] = {-1, -1};
  if (::pipe2(stdout_pipe, O_CLOEXEC) != 0) return;
  if (capture_stderr && ::pipe2(stderr_pipe, O_CLOEXEC) != 0) {
    ::close(stdout_pipe[0]);
    ::close(stdout_pipe[1]);
    return;
  }
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    // The server dies with the test process, so a crashed test leaves no server behind.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(stdout_pipe[1], STDOUT_FILENO);
    if (capture_stderr) ::dup2(stderr_pipe[1], STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(stdout_pipe[1]);
  stdout_fd_ = stdout_pipe[0];
  if (capture_stderr) {
    ::close(stderr_pipe[1]);
    stderr_fd_ = stderr_pipe[0];
  }
  if (pid_ < 0) {
    close_fd(stdout_fd_);
    close_fd(stderr_fd_);
  }
}

TargetProcess::~TargetProcess() {
  if (pid_ > 0 && !exit_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  close_fd(stdout_fd_);
  close_fd(stderr_fd_);
}

bool TargetProcess::read_more(int fd, std::string& into, Duration timeout) {
  if (fd < 0 || into.size() >= kMaxBufferedOutput) return false;
  pollfd watched{fd, POLLIN, 0};
  const int ready = ::poll(&watched, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return false;
  char chunk[4096];
  const ssize_t count = ::read(fd, chunk, sizeof chunk);
  if (count <= 0) return false;
  into.append(chunk, static_cast<std::size_t>(count));
  return true;
}

std::optional<std::string> TargetProcess::wait_for_line(std::string_view prefix, Duration timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    for (auto newline = stdout_buffer_.find('\n'); newline != std::string::npos;
         newline = stdout_buffer_.find('\n')) {
      std::string line = stdout_buffer_.substr(0, newline);
      stdout_buffer_.erase(0, newline + 1);
      if (line.rfind(prefix, 0) == 0) return line;
    }
    const auto left = std::chrono::duration_cast<Duration>(deadline - Clock::now());
    if (left.count() <= 0 || !read_more(stdout_fd_, stdout_buffer_, left)) return std::nullopt;
  }
}

std::optional<std::uint16_t> TargetProcess::wait_until_listening(Duration timeout) {
  const auto line = wait_for_line("listening on ", timeout);
  if (!line) return std::nullopt;
  const auto colon = line->rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  try {
    const unsigned long port = std::stoul(line->substr(colon + 1));
    if (port == 0 || port > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(port);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void TargetProcess::send_signal(int signal_number) {
  if (pid_ > 0 && !exit_) ::kill(pid_, signal_number);
}

std::optional<ProcessExit> TargetProcess::wait_for_exit(Duration timeout) {
  if (exit_ || pid_ <= 0) return exit_;
  const auto deadline = Clock::now() + timeout;
  do {
    int status = 0;
    const pid_t reaped = ::waitpid(pid_, &status, WNOHANG);
    if (reaped == pid_) {
      exit_ = decode_status(status);
      return exit_;
    }
    if (reaped < 0) return std::nullopt;
    std::this_thread::sleep_for(kReapPollInterval);
  } while (Clock::now() < deadline);
  return std::nullopt;
}

std::string TargetProcess::captured_stderr(Duration timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<Duration>(deadline - Clock::now());
    if (left.count() <= 0 || !read_more(stderr_fd_, stderr_buffer_, left)) return stderr_buffer_;
  }
}

}  // namespace wsconform::testing
