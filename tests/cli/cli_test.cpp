// Runs the built `wsconform` binary (path from the WSCONFORM_BINARY compile definition) and checks
// its output, exit status and the reports it leaves.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "report/html/report.hpp"
#include "report/json/report.hpp"
#include "report/text/junit_report.hpp"
#include "report/text/markdown_summary.hpp"
#include "support/temp_files.hpp"
#include "wire/http.hpp"

#ifndef WSCONFORM_BINARY
#error "WSCONFORM_BINARY must name the wsconform executable"
#endif

namespace {

using wsconform::testing::fresh_directory;
using wsconform::testing::read_file;

namespace fs = std::filesystem;
using namespace std::chrono_literals;

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

// A listening socket on 127.0.0.1 and a free port; sets `port`.
int listen_on_loopback(int* port) {
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_EQ(listen(listener, 64), 0);
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  *port = ntohs(address.sin_port);
  return listener;
}

// A TCP server that closes its first `close_count` connections at once and holds the rest open
// without answering, so cases on them run until their timeout (or an interrupt).
class StallingServer {
 public:
  explicit StallingServer(int close_count)
      : close_count_(close_count), listener_(listen_on_loopback(&port_)) {
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
  int port_ = 0;  // before listener_: set while listener_ is initialised
  int listener_ = -1;
  std::atomic<int> accepted_{0};
  std::atomic<bool> stop_{false};
  std::vector<int> held_;
  std::thread thread_;
};

// A TCP server that answers every connection with the same bytes (an HTTP response) once the
// request has arrived, then closes it: every case against it ends after its handshake.
class AnsweringServer {
 public:
  explicit AnsweringServer(std::string response)
      : response_(std::move(response)), listener_(listen_on_loopback(&port_)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~AnsweringServer() {
    stop_ = true;
    thread_.join();
    close(listener_);
  }
  std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/"; }

 private:
  void serve() {
    while (!stop_) {
      pollfd waiting{listener_, POLLIN, 0};
      if (poll(&waiting, 1, 20) <= 0) continue;
      const int fd = accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        pollfd readable{fd, POLLIN, 0};
        if (poll(&readable, 1, 2000) <= 0) break;
        const ssize_t got = read(fd, buffer, sizeof buffer);
        if (got <= 0) break;
        request.append(buffer, static_cast<std::size_t>(got));
      }
      if (!request.empty()) send(fd, response_.data(), response_.size(), MSG_NOSIGNAL);
      close(fd);
    }
  }

  std::string response_;
  int port_ = 0;  // before listener_: set while listener_ is initialised
  int listener_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// A WebSocket server that completes every handshake, writes `prelude` once, then `flood` over and
// over (a whole number of frames, kept aligned across partial writes) without ever reading: a
// hostile peer that keeps the harness's reader busy (and, if it answers, its writes backed up)
// until someone stops it.
class FloodingServer {
 public:
  FloodingServer(std::string prelude, std::string flood)
      : prelude_(std::move(prelude)),
        flood_(std::move(flood)),
        listener_(listen_on_loopback(&port_)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~FloodingServer() {
    stop_ = true;
    thread_.join();
    for (const auto& [fd, offset] : flooded_) close(fd);
    close(listener_);
  }
  std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/"; }
  int flooding() const { return flooding_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd waiting{listener_, POLLIN, 0};
      if (poll(&waiting, 1, flooded_.empty() ? 20 : 0) > 0) {
        upgrade(accept(listener_, nullptr, nullptr));
      }
      for (auto& [fd, offset] : flooded_) {
        const ssize_t sent =
            send(fd, flood_.data() + offset, flood_.size() - offset, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (sent > 0) offset = (offset + static_cast<std::size_t>(sent)) % flood_.size();
      }
      if (!flooded_.empty()) std::this_thread::sleep_for(100us);
    }
  }

  // Reads the request (bounded wait) and answers 101 with the right Sec-WebSocket-Accept.
  void upgrade(int fd) {
    if (fd < 0) return;
    std::string request;
    char buffer[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      pollfd readable{fd, POLLIN, 0};
      if (poll(&readable, 1, 2000) <= 0) break;
      const ssize_t got = read(fd, buffer, sizeof buffer);
      if (got <= 0) break;
      request.append(buffer, static_cast<std::size_t>(got));
    }
    constexpr std::string_view kKeyHeader = "Sec-WebSocket-Key: ";
    const std::size_t key = request.find(kKeyHeader);
    if (key == std::string::npos) {
      close(fd);
      return;
    }
    const std::size_t start = key + kKeyHeader.size();
    const std::string accept =
        wsconform::wire::compute_accept(request.substr(start, request.find("\r\n", start) - start));
    const std::string response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: " +
        accept + "\r\n\r\n";
    send(fd, response.data(), response.size(), MSG_NOSIGNAL);
    send(fd, prelude_.data(), prelude_.size(), MSG_NOSIGNAL);
    flooded_.push_back({fd, 0});
    ++flooding_;
  }

  std::string prelude_;
  std::string flood_;
  int port_ = 0;  // before listener_: set while listener_ is initialised
  int listener_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<int> flooding_{0};
  std::vector<std::pair<int, std::size_t>> flooded_;  // fd, offset into flood_ of its next write
  std::thread thread_;
};

// `times` copies of `unit`.
std::string repeated(std::string_view unit, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += unit;
  return text;
}

// Every case of kTwoCases fails against it: a 101 whose Sec-WebSocket-Accept is wrong (§4.2.2),
// then the connection closes. The reason phrase carries a terminal escape sequence and markup.
constexpr std::string_view kBadUpgrade =
    "HTTP/1.1 101 Busy \x1b[2J<b>\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Accept: d3Jvbmc=\r\n\r\n";

// A report.json with one case per (id, verdict), for the diff tests.
std::string report_with(
    const std::vector<std::pair<std::string, wsconform::scenario::Verdict>>& verdicts) {
  static std::deque<wsconform::scenario::Case> cases;
  std::vector<wsconform::scenario::CaseResult> results;
  for (const auto& [id, verdict] : verdicts) {
    wsconform::scenario::Case& c = cases.emplace_back();
    c.id = id;
    c.requirement.section = "5.2";
    wsconform::scenario::CaseResult& result = results.emplace_back();
    result.test_case = &c;
    result.judgement = {verdict, {"headline of " + id}};
  }
  wsconform::report::RunInfo info;
  info.target = "ws://127.0.0.1:9001/";
  return wsconform::report::dump_json_report(wsconform::report::build_json_report(info, results));
}

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
  EXPECT_EQ(run_wsconform({"run"}).exit_status, 2);  // --target or --targets is required
  EXPECT_TRUE(contains(run_wsconform({"run"}).err, "no target"));
  EXPECT_EQ(
      run_wsconform({"run", "--target", "ws://127.0.0.1:1/", "--quiet", "--verbose"}).exit_status,
      2);
  EXPECT_EQ(run_wsconform({"report"}).exit_status, 2);  // --from or diff
  EXPECT_EQ(run_wsconform({"report", "diff", "only-one.json"}).exit_status, 2);
  EXPECT_EQ(run_wsconform({"run", "--target", "ws://127.0.0.1:1/", "--jobs", "0"}).exit_status, 2);
  EXPECT_EQ(run_wsconform({"run", "--target", "ws://127.0.0.1:1/", "--bogus"}).exit_status, 2);
  EXPECT_EQ(run_wsconform({"explain"}).exit_status, 2);
  const Outcome help = run_wsconform({"--help"});
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_TRUE(contains(help.out, "3 inconclusive")) << help.out;
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

TEST(CliRun, AProfileTakesAtMostOneTarget) {
  const Outcome outcome = run_wsconform({"run", "--profile", "p.yaml", "--target",
                                         "ws://127.0.0.1:1/", "--target", "ws://127.0.0.1:2/"});
  EXPECT_EQ(outcome.exit_status, 2);
  EXPECT_TRUE(contains(outcome.err, "a profile describes one server")) << outcome.err;
}

TEST(CliRun, ClosedPortExitsTwoWithAClearMessage) {
  const fs::path reports = fresh_directory("reports") / "out";
  const std::string url = "ws://127.0.0.1:" + std::to_string(closed_port()) + "/";
  const Outcome outcome = run_wsconform({"run", "--target", url, "--report-dir", reports.string()});
  EXPECT_EQ(outcome.exit_status, 2);
  EXPECT_TRUE(contains(outcome.err, "cannot reach the target " + url)) << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "refused")) << outcome.err;
}

// A server that takes the connection and never answers the handshake cannot be tested: the run
// ends at the preflight with exit 2, instead of every case waiting out its timeout (issue 12).
TEST(CliRun, AServerThatNeverAnswersTheHandshakeExitsTwoAtThePreflight) {
  StallingServer server(/*close_count=*/0);  // holds every connection open, silent
  const std::string url = "ws://127.0.0.1:" + std::to_string(server.port()) + "/";
  const fs::path reports = fresh_directory("silent") / "out";
  const Outcome outcome = run_wsconform({"run", "--target", url, "--report-dir", reports.string()});
  EXPECT_EQ(outcome.exit_status, 2) << outcome.out << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "cannot test the target " + url)) << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "did not answer a WebSocket handshake within 3000 ms"))
      << outcome.err;
  EXPECT_EQ(server.accepted(), 1);  // the preflight alone: no case ran
  EXPECT_FALSE(fs::exists(reports / "report.json"));
}

// Bytes that cannot start an HTTP response (another protocol on the port) end the run the same
// way; the server's bytes are shown escaped, never sent raw to the terminal.
TEST(CliRun, AServerThatAnswersWithoutHttpExitsTwoShowingItsBytesEscaped) {
  AnsweringServer server("SSH-2.0-OpenSSH_9.2\r\n\x1b[2J");
  const fs::path reports = fresh_directory("not-http") / "out";
  const Outcome outcome =
      run_wsconform({"run", "--target", server.url(), "--report-dir", reports.string()});
  EXPECT_EQ(outcome.exit_status, 2) << outcome.out << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "cannot test the target " + server.url())) << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "bytes that are not HTTP: \"SSH-2.0-OpenSSH_9.2"))
      << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "\\x1b[2J")) << outcome.err;
  EXPECT_FALSE(contains(outcome.err, "\x1b")) << outcome.err;
}

// A server that takes every TCP connection and closes it without a word: no case can be judged,
// so the run is inconclusive (exit 3), never "conformant" (the wrong port in CI must not go
// green). The cases are framing cases (§5.2), which need an upgrade before they can show anything:
// they stay errors whatever the judge comes to make of a refused or unanswered handshake.
TEST(CliRun, ARunThatCouldNotJudgeItsCasesIsInconclusiveAndExitsThree) {
  StallingServer server(std::numeric_limits<int>::max());  // closes every connection at once
  const std::string url = "ws://127.0.0.1:" + std::to_string(server.port()) + "/";
  const fs::path reports = fresh_directory("inconclusive");
  const Outcome outcome =
      run_wsconform({"run", "--target", url, "--cases", "rfc6455/5.2/*", "--jobs", "2", "--timeout",
                     "5000", "--report-dir", reports.string()});
  EXPECT_EQ(outcome.exit_status, 3) << outcome.out << outcome.err;
  EXPECT_GT(server.accepted(), 1);

  const auto report = wsconform::report::Json::parse(read_file(reports / "report.json"));
  EXPECT_EQ(report.at("outcome"), "inconclusive");
  EXPECT_EQ(report.at("conformant"), false);
  const auto& counts = report.at("counts").at("by_verdict");
  const std::int64_t total = counts.at("total").get<std::int64_t>();
  EXPECT_GT(total, 0);
  EXPECT_EQ(counts.at("error"), total) << report.at("counts").dump();
  EXPECT_TRUE(contains(outcome.out, "inconclusive")) << outcome.out;
  EXPECT_TRUE(contains(outcome.out, std::to_string(total) + " error — inconclusive: " +
                                        std::to_string(total) + " cases could not be judged"))
      << outcome.out;
  EXPECT_FALSE(contains(outcome.out, "— conformant")) << outcome.out;
  EXPECT_FALSE(contains(outcome.out, "NOT conformant")) << outcome.out;

  EXPECT_TRUE(read_file(reports / "summary.md").starts_with("## wsconform: ⚠️ inconclusive: "));
  const std::string xml = read_file(reports / "junit.xml");
  EXPECT_TRUE(contains(xml, R"(<property name="outcome" value="inconclusive"/>)")) << xml;
  EXPECT_TRUE(contains(xml, "<error ")) << xml;
  EXPECT_FALSE(contains(xml, "<failure ")) << xml;
  EXPECT_TRUE(contains(read_file(reports / "report.html"), "⚠ Inconclusive: "));

  // `replay` ends the same way.
  const fs::path scenarios = scenario_directory_with("two.yaml", kTwoCases);
  const Outcome replayed =
      run_wsconform({"replay", (scenarios / "two.yaml").string(), "--target", url});
  EXPECT_EQ(replayed.exit_status, 3) << replayed.out << replayed.err;
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

// A peer that floods must not delay an interrupt (issue: under a ping flood or endless fragments
// the harness had written no report 10 s after SIGTERM). The bound below is a hang check, not a
// speed measurement: the harness must exit, with its reports, long before the case's timeout.
struct Flood {
  const char* name;
  std::string prelude;  // written once the handshake is done
  std::string bytes;    // then written over and over
};

void PrintTo(const Flood& flood, std::ostream* out) {
  *out << flood.name;
}

class CliRunUnderFlood : public ::testing::TestWithParam<Flood> {};

TEST_P(CliRunUnderFlood, SigtermStillLeavesReportsAndExits130) {
  FloodingServer server(GetParam().prelude, GetParam().bytes);
  const fs::path reports = fresh_directory("flooded");
  const fs::path scenarios = scenario_directory_with("two.yaml", kTwoCases);
  std::chrono::steady_clock::time_point signalled;
  const Outcome outcome =
      run_wsconform({"run", "--target", server.url(), "--scenarios", scenarios.string(), "--jobs",
                     "1", "--timeout", "60000", "--report-dir", reports.string()},
                    [&](pid_t pid) {
                      // Connection 1 is the pre-flight check; connection 2 is the first case, being
                      // flooded.
                      const auto deadline = std::chrono::steady_clock::now() + 30s;
                      while (server.flooding() < 2 && std::chrono::steady_clock::now() < deadline) {
                        std::this_thread::sleep_for(5ms);
                      }
                      std::this_thread::sleep_for(500ms);
                      signalled = std::chrono::steady_clock::now();
                      kill(pid, SIGTERM);
                    });
  const auto exited_after = std::chrono::steady_clock::now() - signalled;
  EXPECT_GE(server.flooding(), 2) << "the flood never started";
  EXPECT_EQ(outcome.exit_status, 130) << outcome.out << outcome.err;
  EXPECT_LT(exited_after, 10s) << "the harness hung after SIGTERM under a flood";
  const auto report = wsconform::report::Json::parse(read_file(reports / "report.json"));
  EXPECT_EQ(report.at("interrupted"), true);
  EXPECT_TRUE(contains(read_file(reports / "summary.md"), "**Interrupted**"));
  for (const auto& entry : fs::directory_iterator(reports)) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
}

// Frames as bytes: an empty unmasked ping; a text frame with FIN clear carrying "a"; a
// continuation with FIN clear carrying "a".
const std::string kEmptyPing{'\x89', '\x00'};
const std::string kFirstFragment{'\x01', '\x01', 'a'};
const std::string kMiddleFragment{'\x00', '\x01', 'a'};

INSTANTIATE_TEST_SUITE_P(
    Each, CliRunUnderFlood,
    ::testing::Values(Flood{"ping_flood", "", repeated(kEmptyPing, 2048)},
                      // A text message that never ends.
                      Flood{"endless_fragments", kFirstFragment, repeated(kMiddleFragment, 1365)}),
    [](const ::testing::TestParamInfo<Flood>& info) { return std::string(info.param.name); });

// Six cases that each close and wait for the answer, as a matrix.
constexpr std::string_view kSixCases = R"(section: "5.5.1"
title: Closing
defaults:
  level: MUST
cases:
  - id: test/5.5.1/close-{n}
    title: "Close {n}"
    matrix:
      n: [1, 2, 3, 4, 5, 6]
    requirement: The endpoint MUST send a Close frame in response.
    steps:
      - close: {code: 1000}
    expect:
      close: {codes: [1000]}
)";

// kSixCases against a server that upgrades every connection and then only pings, with short
// waits: its exit status and output, and its report.json.
struct SilentRun {
  Outcome outcome;
  wsconform::report::Json report;
  std::string url;
};

SilentRun run_against_a_silent_server(const std::string& jobs, const std::string& give_up_after) {
  FloodingServer server("", repeated(kEmptyPing, 64));
  const fs::path reports = fresh_directory("silent-" + give_up_after) / "out";
  const fs::path scenarios = scenario_directory_with("six.yaml", kSixCases);
  Outcome outcome =
      run_wsconform({"run", "--target", server.url(), "--scenarios", scenarios.string(), "--jobs",
                     jobs, "--step-timeout", "300", "--give-up-after", give_up_after,
                     "--report-dir", reports.string()});
  auto report = wsconform::report::Json::parse(read_file(reports / "report.json"));
  return {std::move(outcome), std::move(report), server.url()};
}

// No case can get an answer, so after --give-up-after such cases in a row the run stops,
// reports the rest as not run, and exits 2, instead of every case waiting out its own timeout
// (issue 12).
TEST(CliRun, AServerSilentAfterTheUpgradeIsGivenUpOnWithExitTwo) {
  const SilentRun run = run_against_a_silent_server("1", "2");
  EXPECT_EQ(run.outcome.exit_status, 2) << run.outcome.out << run.outcome.err;
  EXPECT_TRUE(contains(run.outcome.err, "cannot test the target " + run.url)) << run.outcome.err;
  EXPECT_TRUE(contains(run.outcome.err, "the server answered nothing in 2 cases in a row"))
      << run.outcome.err;
  std::size_t not_run = 0;
  for (const auto& entry : run.report.at("cases")) {
    const std::string reasons = entry.at("reasons").dump();
    if (contains(reasons, "not run: the run gave up on the server")) {
      EXPECT_EQ(entry.at("verdict"), "error");
      ++not_run;
    }
  }
  EXPECT_EQ(run.report.at("cases").size(), 6u);
  EXPECT_EQ(not_run, 4u);  // the two silent cases ran; the other four never started
}

// With several targets, each one that cannot be tested is named, and a fail on another still
// exits 1: giving up on one server hides no other server's verdict.
TEST(CliRun, GivingUpOnOneTargetKeepsTheOthersVerdicts) {
  FloodingServer silent("", repeated(kEmptyPing, 64));
  FloodingServer also_silent("", repeated(kEmptyPing, 64));
  AnsweringServer failing(std::string{kBadUpgrade});
  const fs::path scenarios = scenario_directory_with("six.yaml", kSixCases);
  const auto run_against = [&](const std::string& second, const std::string& name) {
    const fs::path reports = fresh_directory(name) / "out";
    Outcome outcome =
        run_wsconform({"run", "--target", silent.url(), "--target", second, "--scenarios",
                       scenarios.string(), "--jobs", "1", "--step-timeout", "300",
                       "--give-up-after", "2", "--report-dir", reports.string()});
    return std::make_pair(std::move(outcome),
                          wsconform::report::Json::parse(read_file(reports / "report.json")));
  };

  const auto [with_a_fail, report] = run_against(failing.url(), "one-fails");
  EXPECT_EQ(with_a_fail.exit_status, 1) << with_a_fail.out << with_a_fail.err;
  EXPECT_TRUE(contains(with_a_fail.err, "cannot test the target " + silent.url()))
      << with_a_fail.err;
  EXPECT_FALSE(contains(with_a_fail.err, failing.url())) << with_a_fail.err;
  ASSERT_EQ(report.at("targets").size(), 2u);
  for (const auto& entry : report.at("targets").at(1).at("cases")) {
    EXPECT_EQ(entry.at("verdict"), "fail");
  }

  const auto [both_silent, both_report] = run_against(also_silent.url(), "both-silent");
  EXPECT_EQ(both_silent.exit_status, 2) << both_silent.out << both_silent.err;
  EXPECT_EQ(both_report.at("targets").size(), 2u);  // the reports are written all the same
  EXPECT_TRUE(contains(both_silent.err, "cannot test the target " + silent.url()))
      << both_silent.err;
  EXPECT_TRUE(contains(both_silent.err, "cannot test the target " + also_silent.url()))
      << both_silent.err;
}

// The same, without the give-up: every case waits out its timeouts and is judged.
TEST(CliRun, GiveUpAfterZeroRunsEveryCaseAgainstASilentServer) {
  const SilentRun run = run_against_a_silent_server("6", "0");
  EXPECT_EQ(run.outcome.exit_status, 1) << run.outcome.out << run.outcome.err;  // no close: fail
  ASSERT_EQ(run.report.at("cases").size(), 6u);
  for (const auto& entry : run.report.at("cases")) EXPECT_EQ(entry.at("verdict"), "fail");
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
                 pid_file.string() + "; exec " + WSCONFORM_WEBSOCKETPP_SERVER_PATH +
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
  EXPECT_EQ(read_file(to / "report.html"), wsconform::report::render_html(report));
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
  EXPECT_TRUE(contains(other.err, "not a wsconform report")) << other.err;
  EXPECT_EQ(run_wsconform({"report", "--from", (dir / "missing.json").string()}).exit_status, 2);
  EXPECT_FALSE(fs::exists(dir / "junit.xml"));
}

// ---- report diff -----------------------------------------------------------------------------

using wsconform::scenario::Verdict;

TEST(CliReportDiff, PlantedRegressionExitsOneAndIsListed) {
  const fs::path dir = fresh_directory("diff");
  write_file(dir / "old.json", report_with({{"a/stays", Verdict::pass},
                                            {"b/regresses", Verdict::pass},
                                            {"c/fixed", Verdict::fail},
                                            {"d/errors", Verdict::non_strict}}));
  write_file(dir / "new.json", report_with({{"a/stays", Verdict::pass},
                                            {"b/regresses", Verdict::fail},
                                            {"c/fixed", Verdict::pass},
                                            {"d/errors", Verdict::error}}));
  const Outcome outcome =
      run_wsconform({"report", "diff", (dir / "old.json").string(), (dir / "new.json").string()});
  EXPECT_EQ(outcome.exit_status, 1) << outcome.out << outcome.err;
  EXPECT_TRUE(contains(outcome.out,
                       "1 regressions (conformant before, fail now):\n"
                       "  b/regresses  pass -> fail  headline of b/regresses\n"))
      << outcome.out;
  EXPECT_TRUE(contains(outcome.out,
                       "1 newly erroring (the harness could not run them):\n"
                       "  d/errors  non-strict -> error"))
      << outcome.out;
  EXPECT_TRUE(
      contains(outcome.out, "1 fixes (fail before, conformant now):\n  c/fixed  fail -> pass"))
      << outcome.out;
  EXPECT_TRUE(contains(outcome.out, "REGRESSED: 1 regressions, 1 newly erroring, 1 fixes"))
      << outcome.out;
}

TEST(CliReportDiff, NoRegressionExitsZero) {
  const fs::path dir = fresh_directory("diff-clean");
  write_file(dir / "old.json", report_with({{"a", Verdict::fail}, {"b", Verdict::pass}}));
  write_file(dir / "new.json",
             report_with({{"a", Verdict::pass}, {"b", Verdict::pass}, {"c", Verdict::fail}}));
  const Outcome fixed =
      run_wsconform({"report", "diff", (dir / "old.json").string(), (dir / "new.json").string()});
  EXPECT_EQ(fixed.exit_status, 0) << fixed.out << fixed.err;
  EXPECT_TRUE(contains(fixed.out, "no regression: 0 regressions, 0 newly erroring, 1 fixes"))
      << fixed.out;
  EXPECT_TRUE(contains(fixed.out, "1 only in the new report:\n  c\n")) << fixed.out;
  const Outcome same =
      run_wsconform({"report", "diff", (dir / "new.json").string(), (dir / "new.json").string()});
  EXPECT_EQ(same.exit_status, 0) << same.out << same.err;
}

TEST(CliReportDiff, IncompatibleOrUnreadableFilesExitTwoSayingWhy) {
  const fs::path dir = fresh_directory("diff-bad");
  const std::string current = report_with({{"a", Verdict::pass}});
  write_file(dir / "current.json", current);
  auto newer = wsconform::report::Json::parse(current);
  newer["schema"] = "wsconform-report/9";
  write_file(dir / "newer.json", newer.dump());
  auto version1 = wsconform::report::Json::parse(current);
  version1["schema"] = "wsconform-report/1";
  write_file(dir / "v1.json", version1.dump());
  write_file(dir / "other.json", R"({"cases": []})");
  write_file(dir / "broken.json", "{");

  const Outcome newer_outcome = run_wsconform(
      {"report", "diff", (dir / "current.json").string(), (dir / "newer.json").string()});
  EXPECT_EQ(newer_outcome.exit_status, 2);
  EXPECT_TRUE(contains(newer_outcome.err, "cannot compare: " + (dir / "newer.json").string() +
                                              ": it is wsconform-report/9, newer than this "
                                              "wsconform reads (wsconform-report/1 to "
                                              "wsconform-report/2)"))
      << newer_outcome.err;
  const Outcome other = run_wsconform(
      {"report", "diff", (dir / "other.json").string(), (dir / "current.json").string()});
  EXPECT_EQ(other.exit_status, 2);
  EXPECT_TRUE(contains(other.err, "no \"schema\" field: not a wsconform report")) << other.err;
  const Outcome broken = run_wsconform(
      {"report", "diff", (dir / "broken.json").string(), (dir / "current.json").string()});
  EXPECT_EQ(broken.exit_status, 2);
  EXPECT_TRUE(contains(broken.err, "not valid JSON")) << broken.err;
  EXPECT_EQ(run_wsconform({"report", "diff", (dir / "missing.json").string(),
                           (dir / "current.json").string()})
                .exit_status,
            2);
  // Version 1 (one target, otherwise the same) still compares.
  EXPECT_EQ(
      run_wsconform({"report", "diff", (dir / "v1.json").string(), (dir / "current.json").string()})
          .exit_status,
      0);
}

// ---- run: targets, baseline, console --------------------------------------------------------

TEST(CliRun, SeveralTargetsGiveAMatrixInEveryReport) {
  AnsweringServer first(std::string{kBadUpgrade});
  AnsweringServer second(std::string{kBadUpgrade});
  const fs::path dir = fresh_directory("targets");
  write_file(dir / "targets.txt", "# the second server\n" + second.url() + "\n");
  const fs::path scenarios = scenario_directory_with("two.yaml", kTwoCases);
  const fs::path reports = dir / "reports";
  const Outcome outcome = run_wsconform(
      {"run", "--target", first.url(), "--targets", (dir / "targets.txt").string(), "--scenarios",
       scenarios.string(), "--jobs", "1", "--report-dir", reports.string()});
  EXPECT_EQ(outcome.exit_status, 1) << outcome.out << outcome.err;
  EXPECT_TRUE(contains(outcome.out, "4 cases in")) << outcome.out;
  EXPECT_TRUE(contains(outcome.out, "test/5.5.1/first @ " + second.url())) << outcome.out;

  const auto report = wsconform::report::Json::parse(read_file(reports / "report.json"));
  EXPECT_EQ(report.at("schema"), "wsconform-report/2");
  ASSERT_EQ(report.at("targets").size(), 2u);
  EXPECT_EQ(report.at("targets").at(0).at("target"), first.url());
  EXPECT_EQ(report.at("targets").at(1).at("target"), second.url());
  EXPECT_EQ(report.at("targets").at(1).at("cases").size(), 2u);
  EXPECT_EQ(report.at("counts").at("by_verdict").at("fail"), 4);
  const std::string xml = read_file(reports / "junit.xml");
  EXPECT_TRUE(contains(xml, "<testsuite name=\"" + first.url() + "\" tests=\"2\"")) << xml;
  EXPECT_TRUE(contains(xml, "<testsuite name=\"" + second.url() + "\" tests=\"2\"")) << xml;
  EXPECT_TRUE(contains(read_file(reports / "summary.md"), "| test/5.5.1/first | fail | fail |"));
  EXPECT_TRUE(contains(read_file(reports / "report.html"), "id=\"matrix\""));

  // The same URL twice is a usage error.
  EXPECT_EQ(run_wsconform({"run", "--target", first.url(), "--target", first.url()}).exit_status,
            2);
}

TEST(CliRun, BaselinePutsTheDiffIntoSummaryAndReport) {
  AnsweringServer server(std::string{kBadUpgrade});
  const fs::path dir = fresh_directory("baseline");
  write_file(dir / "baseline.json", report_with({{"test/5.5.1/first", Verdict::pass},
                                                 {"test/5.5.1/second", Verdict::fail}}));
  const fs::path scenarios = scenario_directory_with("two.yaml", kTwoCases);
  const Outcome outcome = run_wsconform(
      {"run", "--target", server.url(), "--scenarios", scenarios.string(), "--baseline",
       (dir / "baseline.json").string(), "--report-dir", (dir / "reports").string()});
  EXPECT_EQ(outcome.exit_status, 1) << outcome.out << outcome.err;
  const std::string md = read_file(dir / "reports" / "summary.md");
  EXPECT_TRUE(contains(md, "### Compared with the baseline")) << md;
  EXPECT_TRUE(contains(md, "❌ 1 regression · 0 newly erroring · 0 fixed")) << md;
  EXPECT_TRUE(contains(md, "| test/5.5.1/first | pass | fail |")) << md;
  const auto report = wsconform::report::Json::parse(read_file(dir / "reports" / "report.json"));
  EXPECT_EQ(report.at("baseline").at("diff").at("regressions").size(), 1u);
  EXPECT_TRUE(contains(read_file(dir / "reports" / "report.html"), "id=\"baseline\""));
}

TEST(CliRun, IncompatibleBaselineStopsTheRunBeforeItStarts) {
  AnsweringServer server(std::string{kBadUpgrade});
  const fs::path dir = fresh_directory("baseline-bad");
  write_file(dir / "baseline.json", R"({"schema": "wsconform-report/7", "cases": []})");
  const Outcome outcome =
      run_wsconform({"run", "--target", server.url(), "--baseline",
                     (dir / "baseline.json").string(), "--report-dir", (dir / "reports").string()});
  EXPECT_EQ(outcome.exit_status, 2);
  EXPECT_TRUE(contains(outcome.err, "--baseline: cannot compare with")) << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "wsconform-report/7, newer")) << outcome.err;
  EXPECT_FALSE(fs::exists(dir / "reports"));
}

TEST(CliRun, PlainLinesWithoutATerminalQuietAndVerbose) {
  AnsweringServer server(std::string{kBadUpgrade});
  const fs::path scenarios = scenario_directory_with("two.yaml", kTwoCases);
  const fs::path reports = fresh_directory("console");
  const std::vector<std::string> base{"run",         "--target",         server.url(),
                                      "--scenarios", scenarios.string(), "--jobs",
                                      "1",           "--report-dir",     reports.string()};
  // stdout is a file here: one plain line per case that did not pass, then the count line.
  const Outcome plain = run_wsconform(base);
  EXPECT_EQ(plain.exit_status, 1);
  EXPECT_TRUE(contains(plain.out, "fail          test/5.5.1/first  ")) << plain.out;
  EXPECT_FALSE(contains(plain.out, "\x1b")) << plain.out;
  EXPECT_FALSE(contains(plain.out, "\r")) << plain.out;
  EXPECT_TRUE(contains(plain.out, "reports in ")) << plain.out;

  std::vector<std::string> quiet_arguments = base;
  quiet_arguments.push_back("--quiet");
  const Outcome quiet = run_wsconform(quiet_arguments);
  EXPECT_EQ(quiet.exit_status, 1);
  EXPECT_TRUE(quiet.out.starts_with("2 cases in ")) << quiet.out;
  EXPECT_EQ(std::count(quiet.out.begin(), quiet.out.end(), '\n'), 1) << quiet.out;
  EXPECT_TRUE(contains(quiet.out, "0 pass, 0 non-strict, 2 fail")) << quiet.out;

  std::vector<std::string> verbose_arguments = base;
  verbose_arguments.push_back("--verbose");
  const Outcome verbose = run_wsconform(verbose_arguments);
  EXPECT_EQ(verbose.exit_status, 1);
  EXPECT_TRUE(contains(verbose.err, "== fail test/5.5.1/first (")) << verbose.err;
  EXPECT_TRUE(contains(verbose.err, "== fail test/5.5.1/second (")) << verbose.err;
  EXPECT_TRUE(contains(verbose.err, "<- handshake-response")) << verbose.err;
  EXPECT_TRUE(contains(verbose.err, "Busy \\x1b[2J<b>")) << verbose.err;
  EXPECT_FALSE(contains(verbose.err, "\x1b")) << "the server's escape sequence got through";
}

// On a terminal (a pseudo-terminal here) without NO_COLOR or CI: the bar, redrawn in place.
TEST(CliRun, ProgressBarOnATerminal) {
  AnsweringServer server(std::string{kBadUpgrade});
  const fs::path scenarios = scenario_directory_with("two.yaml", kTwoCases);
  const fs::path reports = fresh_directory("tty");
  const auto run_on_terminal = [&](bool with_ci) {
    int terminal = -1;
    const pid_t pid = forkpty(&terminal, nullptr, nullptr, nullptr);
    if (pid == 0) {
      ::unsetenv("NO_COLOR");
      if (with_ci) {
        ::setenv("CI", "true", 1);
      } else {
        ::unsetenv("CI");
      }
      execl(WSCONFORM_BINARY, WSCONFORM_BINARY, "run", "--target", server.url().c_str(),
            "--scenarios", scenarios.c_str(), "--jobs", "1", "--report-dir", reports.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    std::string output;
    char buffer[4096];
    for (;;) {
      pollfd readable{terminal, POLLIN, 0};
      if (poll(&readable, 1, 60000) <= 0) break;
      const ssize_t got = read(terminal, buffer, sizeof buffer);
      if (got <= 0) break;  // EIO once the child has gone
      output.append(buffer, static_cast<std::size_t>(got));
    }
    int status = 0;
    waitpid(pid, &status, 0);
    close(terminal);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << output;
    return output;
  };
  const std::string bar = run_on_terminal(false);
  EXPECT_TRUE(contains(bar, "\r\x1b[2K[")) << bar;
  EXPECT_TRUE(contains(bar, "2/2  100%")) << bar;
  EXPECT_TRUE(contains(bar, "ETA ")) << bar;
  EXPECT_TRUE(contains(bar, "\x1b[31mfail")) << bar;  // the case lines above the bar, coloured
  EXPECT_TRUE(contains(bar, "2 cases in ")) << bar;
  EXPECT_FALSE(contains(bar, "\x1b[2J")) << "the server's escape sequence got through";
  const std::string ci = run_on_terminal(true);
  EXPECT_FALSE(contains(ci, "\x1b[")) << ci;
  EXPECT_FALSE(contains(ci, "ETA")) << ci;
  EXPECT_TRUE(contains(ci, "fail          test/5.5.1/first")) << ci;
}

}  // namespace
