// Runs the built `wsconform` binary (path from the WSCONFORM_BINARY compile definition) and checks
// its output, exit status and the reports it leaves.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "report/json_report.hpp"
#include "report/junit_report.hpp"
#include "report/markdown_summary.hpp"

#ifndef WSCONFORM_BINARY
#error "WSCONFORM_BINARY must name the wsconform executable"
#endif

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path fresh_directory(std::string_view name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(::testing::TempDir()) /
                 ("cli-" + std::string(name) + "-" + info->name() + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void write_file(const fs::path& path, std::string_view content) {
  std::ofstream(path, std::ios::binary) << content;
}

struct Outcome {
  int exit_status = -1;  // -1: did not exit normally
  std::string out;
  std::string err;
};

// Runs wsconform with `arguments`; `while_running` (if any) is called with its pid once started.
Outcome run_wsconform(const std::vector<std::string>& arguments,
                      const std::function<void(pid_t)>& while_running = {}) {
  const fs::path dir = fresh_directory("process");
  const fs::path out_file = dir / "stdout";
  const fs::path err_file = dir / "stderr";
  std::vector<std::string> argv_strings{WSCONFORM_BINARY};
  argv_strings.insert(argv_strings.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid == 0) {
    const int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (while_running) while_running(pid);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      ADD_FAILURE() << "wsconform did not finish within 120 s";
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  Outcome outcome;
  outcome.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.out = read_file(out_file);
  outcome.err = read_file(err_file);
  return outcome;
}

bool contains(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

// A port nothing listens on: bound once to get a free number, then released.
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

// A TCP server that closes its first `close_count` connections at once and holds the rest open
// without answering, so cases on them run until their timeout (or an interrupt).
class StallingServer {
 public:
  explicit StallingServer(int close_count) : close_count_(close_count) {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(listen(listener_, 16), 0);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~StallingServer() {
    stop_ = true;
    thread_.join();
    for (const int fd : held_) close(fd);
    close(listener_);
  }
  int port() const { return port_; }
  int accepted() const { return accepted_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd waiting{listener_, POLLIN, 0};
      if (poll(&waiting, 1, 20) <= 0) continue;
      const int fd = accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      if (accepted_++ < close_count_) {
        close(fd);
      } else {
        held_.push_back(fd);
      }
    }
  }

  int close_count_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::atomic<bool> stop_{false};
  std::vector<int> held_;
  std::thread thread_;
};

constexpr std::string_view kTwoCases = R"(section: "5.5.1"
title: Closing
defaults:
  level: MUST
cases:
  - id: test/5.5.1/first
    title: The first case
    requirement: The endpoint MUST send a Close frame in response.
    steps:
      - close: {code: 1000}
    expect:
      close: {codes: [1000]}
  - id: test/5.5.1/second
    title: The second case
    requirement: The endpoint MUST send a Close frame in response.
    steps:
      - close: {code: 1000}
    expect:
      close: {codes: [1000]}
)";

fs::path scenario_directory_with(std::string_view file_name, std::string_view yaml) {
  const fs::path dir = fresh_directory("scenarios");
  write_file(dir / file_name, yaml);
  return dir;
}

// ---- explain ---------------------------------------------------------------------------------

TEST(CliExplain, InternalErrorComparesItsNeighboursAndAdvisesBackoff) {
  const Outcome outcome = run_wsconform({"explain", "1011"});
  EXPECT_EQ(outcome.exit_status, 0) << outcome.err;
  EXPECT_TRUE(contains(outcome.out, "Internal Error"));
  EXPECT_TRUE(contains(outcome.out, "1012"));
  EXPECT_TRUE(contains(outcome.out, "1013"));
  EXPECT_TRUE(contains(outcome.out, "HTTP 500"));
  EXPECT_TRUE(contains(outcome.out, "backoff"));
  EXPECT_TRUE(contains(outcome.out, "On the wire:      yes")) << outcome.out;
}

TEST(CliExplain, NoStatusReceivedIsNeverOnTheWire) {
  const Outcome outcome = run_wsconform({"explain", "1005"});
  EXPECT_EQ(outcome.exit_status, 0) << outcome.err;
  EXPECT_TRUE(contains(outcome.out, "No Status Received"));
  EXPECT_TRUE(contains(outcome.out, "On the wire:      never")) << outcome.out;
  EXPECT_TRUE(contains(outcome.out, "local sentinel"));
}

TEST(CliExplain, HttpStatusesByPrefixOrThreeDigits) {
  const Outcome by_prefix = run_wsconform({"explain", "http:503"});
  EXPECT_EQ(by_prefix.exit_status, 0) << by_prefix.err;
  EXPECT_TRUE(contains(by_prefix.out, "HTTP status 503"));
  EXPECT_TRUE(contains(by_prefix.out, "Retry-After"));
  EXPECT_TRUE(contains(by_prefix.out, "close 1013"));
  const Outcome bare = run_wsconform({"explain", "426"});
  EXPECT_EQ(bare.exit_status, 0);
  EXPECT_TRUE(contains(bare.out, "Sec-WebSocket-Version"));
  const Outcome as_close_code = run_wsconform({"explain", "close:500"});
  EXPECT_EQ(as_close_code.exit_status, 0);
  EXPECT_TRUE(contains(as_close_code.out, "Close code 500"));
  EXPECT_TRUE(contains(as_close_code.out, "On the wire:      never"));
}

TEST(CliExplain, OutOfRangeOrUnknownInputExitsTwo) {
  for (const char* input : {"70000", "foo", "http:99", "http:600", "-1", "1011x", ""}) {
    const Outcome outcome = run_wsconform({"explain", input});
    EXPECT_EQ(outcome.exit_status, 2) << input;
    EXPECT_TRUE(contains(outcome.err, "wsconform: ")) << input << ": " << outcome.err;
    EXPECT_TRUE(outcome.out.empty()) << input;
  }
  EXPECT_TRUE(contains(run_wsconform({"explain", "70000"}).err, "out of range"));
}

// ---- usage -----------------------------------------------------------------------------------

TEST(CliUsage, BadCommandLinesExitTwo) {
  EXPECT_EQ(run_wsconform({}).exit_status, 2);
  EXPECT_EQ(run_wsconform({"frobnicate"}).exit_status, 2);
  EXPECT_EQ(run_wsconform({"run", "--target", "ws://127.0.0.1:1/", "--jobs", "0"}).exit_status, 2);
  EXPECT_EQ(run_wsconform({"run", "--target", "ws://127.0.0.1:1/", "--bogus"}).exit_status, 2);
  EXPECT_EQ(run_wsconform({"explain"}).exit_status, 2);
  EXPECT_EQ(run_wsconform({"--help"}).exit_status, 0);
}

TEST(CliRun, BadUrlExitsTwo) {
  const Outcome outcome = run_wsconform({"run", "--target", "http://127.0.0.1/"});
  EXPECT_EQ(outcome.exit_status, 2);
  EXPECT_TRUE(contains(outcome.err, "--target")) << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "ws://")) << outcome.err;
}

TEST(CliRun, AMissingOrMalformedProfileExitsTwoNamingFileAndLine) {
  const Outcome missing = run_wsconform({"run", "--profile", "no-such-profile.yaml"});
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_TRUE(contains(missing.err, "no-such-profile.yaml: cannot open the file")) << missing.err;

  const fs::path dir = fresh_directory("profile");
  const fs::path file = dir / "typo.yaml";
  std::ofstream(file) << "url: ws://127.0.0.1:1/\ntriggers:\n  crash_it: {}\n";
  const Outcome malformed = run_wsconform({"run", "--profile", file.string()});
  EXPECT_EQ(malformed.exit_status, 2);
  EXPECT_TRUE(contains(malformed.err, file.string() + ":3: unknown key 'crash_it' in triggers"))
      << malformed.err;
}

TEST(CliRun, NeitherTargetNorProfileIsAUsageError) {
  const Outcome outcome = run_wsconform({"run"});
  EXPECT_EQ(outcome.exit_status, 2);
  EXPECT_TRUE(contains(outcome.err, "give --target URL or --profile FILE")) << outcome.err;
}

TEST(CliRun, ClosedPortExitsTwoWithAClearMessage) {
  const fs::path reports = fresh_directory("reports") / "out";
  const std::string url = "ws://127.0.0.1:" + std::to_string(closed_port()) + "/";
  const Outcome outcome = run_wsconform({"run", "--target", url, "--report-dir", reports.string()});
  EXPECT_EQ(outcome.exit_status, 2);
  EXPECT_TRUE(contains(outcome.err, "cannot reach the target " + url)) << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "refused")) << outcome.err;
}

TEST(CliRun, MalformedScenarioFileExitsTwoNamingFileAndLine) {
  const fs::path dir = scenario_directory_with("bad.yaml", R"(section: "5.2"
cases:
  - id: test/5.2/bad
    title: A case with a typo
    level: MUST
    requirement: Something.
    steps:
      - send: {opcod: text, payload: Hello}
    expect:
      close: {codes: [1002]}
)");
  const Outcome outcome =
      run_wsconform({"run", "--target", "ws://127.0.0.1:1/", "--scenarios", dir.string()});
  EXPECT_EQ(outcome.exit_status, 2);
  EXPECT_TRUE(contains(outcome.err, (dir / "bad.yaml").string() + ":8:")) << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "opcod")) << outcome.err;
}

TEST(CliRun, InterruptWritesValidReportsForTheFinishedCasesAndExits130) {
  // Connection 1 is the pre-flight check and connection 2 the first case: both closed at once,
  // so the first case finishes (as an error). The second case's connection is held open.
  StallingServer server(/*close_count=*/2);
  const fs::path reports = fresh_directory("interrupted");
  const fs::path scenarios = scenario_directory_with("two.yaml", kTwoCases);
  const Outcome outcome = run_wsconform(
      {"run", "--target", "ws://127.0.0.1:" + std::to_string(server.port()) + "/", "--scenarios",
       scenarios.string(), "--jobs", "1", "--timeout", "60000", "--report-dir", reports.string()},
      [&](pid_t pid) {
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (server.accepted() < 3 && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(5ms);
        }
        std::this_thread::sleep_for(100ms);
        kill(pid, SIGINT);
      });
  EXPECT_EQ(outcome.exit_status, 130) << outcome.out << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "interrupted after 1 of 2 cases")) << outcome.err;

  const auto report = wsconform::report::Json::parse(read_file(reports / "report.json"));
  EXPECT_EQ(report.at("interrupted"), true);
  ASSERT_EQ(report.at("cases").size(), 1u);
  EXPECT_EQ(report.at("cases").at(0).at("id"), "test/5.5.1/first");
  EXPECT_EQ(report.at("cases").at(0).at("verdict"), "error");
  EXPECT_TRUE(contains(read_file(reports / "summary.md"), "**Interrupted**"));
  EXPECT_TRUE(
      contains(read_file(reports / "junit.xml"), R"(<testsuites name="wsconform" tests="1")"));
  for (const auto& entry : fs::directory_iterator(reports)) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
}

// ---- run --profile: the supervised server -----------------------------------------------------

// A profile that starts the reference target through a shell that first writes its pid to
// `pid_file` (then execs the target, so the pid stays the server's).
fs::path profile_writing_pid(const fs::path& dir, const fs::path& pid_file) {
  const fs::path profile = dir / "profile.yaml";
  write_file(profile,
             "url: ws://127.0.0.1:{port}/\n"
             "start:\n"
             "  command: [/bin/sh, -c, 'echo $$ > " +
                 pid_file.string() + "; exec " + WSCONFORM_TARGET_PATH +
                 " --host 127.0.0.1 --port {port} --enable-faults']\n"
                 "  ready: {stdout_line: listening on}\n"
                 "triggers:\n"
                 "  handler_exception: {message: \"wsconform:throw\"}\n");
  return profile;
}

// The pid in `pid_file`, once it is there (bounded wait); -1 if it never appears.
pid_t wait_for_pid(const fs::path& pid_file) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = read_file(pid_file);
    if (!text.empty() && text.back() == '\n') return static_cast<pid_t>(std::stol(text));
    std::this_thread::sleep_for(5ms);
  }
  return -1;
}

// Running (a zombie waiting for whoever reaps orphans here counts as dead).
bool alive(pid_t pid) {
  if (kill(pid, 0) != 0) return false;
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t state = stat.rfind(") ");
  return state == std::string::npos || stat.compare(state + 2, 1, "Z") != 0;
}

bool dies_within(pid_t pid, std::chrono::milliseconds bound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (alive(pid)) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

TEST(CliRunProfile, StartsTheServerPullsItsTriggerAndStopsItAfterward) {
  const fs::path dir = fresh_directory("profile");
  const fs::path pid_file = dir / "server.pid";
  const fs::path reports = dir / "reports";
  const Outcome outcome =
      run_wsconform({"run", "--profile", profile_writing_pid(dir, pid_file).string(), "--cases",
                     "close-codes/1011/handler-exception", "--report-dir", reports.string()});
  EXPECT_EQ(outcome.exit_status, 0) << outcome.out << outcome.err;
  const auto report = wsconform::report::Json::parse(read_file(reports / "report.json"));
  ASSERT_EQ(report.at("cases").size(), 1u);
  EXPECT_EQ(report.at("cases").at(0).at("verdict"), "pass") << report.at("cases").at(0).dump();
  const pid_t server = wait_for_pid(pid_file);
  ASSERT_GT(server, 0);
  EXPECT_FALSE(alive(server)) << "the server outlived the run";
}

TEST(CliRunProfile, CtrlCStopsTheServerToo) {
  const fs::path dir = fresh_directory("profile-interrupt");
  const fs::path pid_file = dir / "server.pid";
  pid_t server = -1;
  const Outcome outcome =
      run_wsconform({"run", "--profile", profile_writing_pid(dir, pid_file).string(),
                     "--report-dir", (dir / "reports").string()},
                    [&](pid_t harness) {
                      server = wait_for_pid(pid_file);
                      kill(harness, SIGINT);
                    });
  // Interrupted (130) or, on a fast machine, finished first (0).
  EXPECT_TRUE(outcome.exit_status == 130 || outcome.exit_status == 0) << outcome.err;
  ASSERT_GT(server, 0);
  EXPECT_FALSE(alive(server)) << "the server outlived the run";
}

TEST(CliRunProfile, AKilledHarnessTakesItsServerWithIt) {
  const fs::path dir = fresh_directory("profile-killed");
  const fs::path pid_file = dir / "server.pid";
  pid_t server = -1;
  run_wsconform({"run", "--profile", profile_writing_pid(dir, pid_file).string(), "--report-dir",
                 (dir / "reports").string()},
                [&](pid_t harness) {
                  server = wait_for_pid(pid_file);
                  kill(harness, SIGKILL);  // no chance to clean up: PR_SET_PDEATHSIG must
                });
  ASSERT_GT(server, 0);
  EXPECT_TRUE(dies_within(server, 5000ms)) << "the server outlived a killed harness";
}

// ---- list ------------------------------------------------------------------------------------

TEST(CliList, PrintsIdLevelAndTitleOfEachCase) {
  const fs::path dir = scenario_directory_with("two.yaml", kTwoCases);
  const Outcome outcome = run_wsconform({"list", "--scenarios", dir.string()});
  EXPECT_EQ(outcome.exit_status, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            "test/5.5.1/first   MUST           The first case\n"
            "test/5.5.1/second  MUST           The second case\n");
  const Outcome selected =
      run_wsconform({"list", "--scenarios", dir.string(), "--exclude", "*first"});
  EXPECT_EQ(selected.out, "test/5.5.1/second  MUST           The second case\n");
}

TEST(CliList, TheBundledSuiteLoads) {
  const Outcome outcome = run_wsconform({"list", "--cases", "rfc6455/5.2/*"});
  EXPECT_EQ(outcome.exit_status, 0) << outcome.err;
  EXPECT_TRUE(contains(outcome.out, "rfc6455/5.2/"));
  EXPECT_FALSE(contains(outcome.out, "rfc6455/7.4"));
}

// ---- report ----------------------------------------------------------------------------------

TEST(CliReport, RegeneratesJunitAndSummaryFromReportJson) {
  wsconform::scenario::Case failing;
  failing.id = "rfc6455/5.2/x";
  failing.requirement.section = "5.2";
  wsconform::scenario::CaseResult result;
  result.test_case = &failing;
  result.judgement = {wsconform::scenario::Verdict::fail, {"closed with <1000>"}};
  const auto report = wsconform::report::build_json_report({}, std::vector{result});
  const fs::path from = fresh_directory("from");
  write_file(from / "report.json", wsconform::report::dump_json_report(report));
  const fs::path to = fresh_directory("to") / "derived";

  const Outcome outcome = run_wsconform(
      {"report", "--from", (from / "report.json").string(), "--report-dir", to.string()});
  EXPECT_EQ(outcome.exit_status, 0) << outcome.err;
  EXPECT_EQ(read_file(to / "junit.xml"), wsconform::report::render_junit(report));
  EXPECT_EQ(read_file(to / "summary.md"), wsconform::report::render_markdown_summary(report));
}

TEST(CliReport, RejectsFilesThatAreNotReports) {
  const fs::path dir = fresh_directory("not-reports");
  write_file(dir / "broken.json", "{\"schema\": ");
  write_file(dir / "other.json", R"({"schema": "something-else", "cases": []})");
  const Outcome broken = run_wsconform({"report", "--from", (dir / "broken.json").string()});
  EXPECT_EQ(broken.exit_status, 2);
  EXPECT_TRUE(contains(broken.err, "not valid JSON")) << broken.err;
  const Outcome other = run_wsconform({"report", "--from", (dir / "other.json").string()});
  EXPECT_EQ(other.exit_status, 2);
  EXPECT_TRUE(contains(other.err, "wsconform-report/1")) << other.err;
  EXPECT_EQ(run_wsconform({"report", "--from", (dir / "missing.json").string()}).exit_status, 2);
  EXPECT_FALSE(fs::exists(dir / "junit.xml"));
}

}  // namespace
