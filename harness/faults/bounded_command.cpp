#include "faults/bounded_command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "faults/profile.hpp"

namespace wsconform::faults {

std::string run_bounded_command(const std::vector<std::string>& argv,
                                std::chrono::milliseconds timeout) {
  if (argv.empty()) return "no command";
  std::vector<std::string> strings = argv;
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    ::setpgid(0, 0);  // its own group, so a timeout ends whatever it started too
    ::dup2(STDERR_FILENO, STDOUT_FILENO);  // our stdout carries results, not its chatter
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, STDIN_FILENO);
    ::close_range(3, ~0U, 0);  // none of our sockets leak into it
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execvp(pointers[0], pointers.data());
    ::_exit(127);
  }
  if (child < 0) return std::string("cannot fork: ") + std::strerror(errno);
  ::setpgid(child, child);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t reaped = ::waitpid(child, &status, WNOHANG);
    if (reaped == child) break;
    if (reaped < 0 && errno != EINTR) return std::string("waitpid: ") + std::strerror(errno);
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(-child, SIGKILL);
      while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
      }
      return "was still running after " + std::to_string(timeout.count()) + " ms and was killed";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    if (code == 0) return "";
    if (code == 127) return "cannot execute '" + argv.front() + "' (or it exited with 127)";
    return "exited with status " + std::to_string(code);
  }
  if (WIFSIGNALED(status)) return "was killed by " + signal_name(WTERMSIG(status));
  return "ended oddly";
}

}  // namespace wsconform::faults
