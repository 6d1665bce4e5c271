// Headless Chromium for the report tests: dump a page's DOM after its scripts ran, or save a
// screenshot. Runs as root in CI, so with --no-sandbox, and with the flags that keep it off the
// network (this machine's network is closed; see the environment notes), each run in a fresh
// profile directory. Bounded: a run that takes longer than 45 s is killed with its children.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace wsconform::report::testing {

// $WSCONFORM_CHROMIUM, else Debian's /usr/bin/chromium (scripts/setup installs it); nullopt
// when neither is an executable.
inline std::optional<std::string> chromium_path() {
  if (const char* configured = std::getenv("WSCONFORM_CHROMIUM"); configured && *configured) {
    if (::access(configured, X_OK) == 0) return std::string(configured);
  }
  if (::access("/usr/bin/chromium", X_OK) == 0) return std::string("/usr/bin/chromium");
  return std::nullopt;
}

struct ChromiumResult {
  bool finished = false;  // exited with status 0 in time
  std::string out;        // stdout (the DOM, for --dump-dom)
  std::string err;
};

inline ChromiumResult run_chromium(const std::string& chromium, std::vector<std::string> extra,
                                   const std::filesystem::path& work_directory) {
  std::filesystem::create_directories(work_directory);
  const std::filesystem::path profile = work_directory / "profile";
  std::filesystem::remove_all(profile);
  std::vector<std::string> arguments{chromium,
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--disable-quic",
                                     "--no-first-run",
                                     "--disable-background-networking",
                                     "--disable-component-update",
                                     "--disable-sync",
                                     "--disable-dev-shm-usage",
                                     "--user-data-dir=" + profile.string()};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  const std::filesystem::path out_file = work_directory / "stdout";
  const std::filesystem::path err_file = work_directory / "stderr";

  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);  // its own process group, so a timeout can end all of Chromium
    if (std::getenv("HOME") == nullptr) ::setenv("HOME", work_directory.c_str(), 1);
    const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ChromiumResult result;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(45);
  bool timed_out = false;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(-pid, SIGKILL);  // anything it left behind in its group
  result.finished = !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  const auto read_all = [](const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  };
  result.out = read_all(out_file);
  result.err = read_all(err_file);
  return result;
}

inline std::string file_url(const std::filesystem::path& file, const std::string& fragment = "") {
  return "file://" + std::filesystem::absolute(file).string() +
         (fragment.empty() ? "" : "#" + fragment);
}

// The DOM once the page loaded and its scripts ran.
inline ChromiumResult dump_dom(const std::string& chromium, const std::filesystem::path& page,
                               const std::filesystem::path& work_directory,
                               const std::string& fragment = "") {
  return run_chromium(chromium, {"--dump-dom", file_url(page, fragment)}, work_directory);
}

inline ChromiumResult screenshot(const std::string& chromium, const std::filesystem::path& page,
                                 const std::filesystem::path& png, int width, int height,
                                 const std::filesystem::path& work_directory,
                                 const std::string& fragment = "") {
  return run_chromium(
      chromium,
      {"--hide-scrollbars", "--window-size=" + std::to_string(width) + "," + std::to_string(height),
       "--screenshot=" + png.string(), file_url(page, fragment)},
      work_directory);
}

}  // namespace wsconform::report::testing
