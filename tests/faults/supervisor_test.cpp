// The supervisor with real processes: the reference target and small shell scripts. Waits are
// bounded polls of the supervisor's state, never fixed sleeps.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "faults/fault_environment.hpp"
#include "faults/supervisor.hpp"

namespace wsconform::faults {
namespace {

using namespace std::chrono_literals;

// Polls `done` until it holds or 15 s pass (generous for ASan builds).
bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

bool process_exists(pid_t pid) {
  return pid > 0 && ::kill(pid, 0) == 0;
}

Supervisor::Options target_options(bool by_tcp = false) {
  Supervisor::Options options;
  options.port = free_loopback_port();
  options.host = "127.0.0.1";
  options.start.command = {WSCONFORM_WEBSOCKETPP_SERVER_PATH, "--host", "127.0.0.1", "--port",
                           std::to_string(options.port)};
  if (by_tcp) {
    options.start.ready_tcp = true;
  } else {
    options.start.ready_line = "listening on";
  }
  return options;
}

Supervisor::Options script(const std::string& text) {
  Supervisor::Options options;
  options.host = "127.0.0.1";
  options.start.command = {"/bin/sh", "-c", text};
  options.start.ready_line = "listening on";
  options.start.ready_timeout = 5000ms;
  return options;
}

TEST(Supervisor, StartsTheServerUntilItsReadyLineAndStopsAndReapsIt) {
  Supervisor supervisor(target_options());
  std::string error;
  ASSERT_TRUE(supervisor.start(error)) << error;
  EXPECT_TRUE(supervisor.serving());
  const pid_t pid = supervisor.pid();
  EXPECT_TRUE(process_exists(pid));
  supervisor.stop();
  EXPECT_FALSE(process_exists(pid));  // reaped: not even a zombie
  EXPECT_FALSE(supervisor.serving());
  ASSERT_EQ(supervisor.deaths().size(), 1u);
  EXPECT_TRUE(supervisor.deaths()[0].caused_by_harness);
  EXPECT_EQ(supervisor.unexpected_deaths(), 0u);
}

TEST(Supervisor, ReadinessByTcpWaitsForThePortToAccept) {
  Supervisor supervisor(target_options(true));
  std::string error;
  ASSERT_TRUE(supervisor.start(error)) << error;
  EXPECT_TRUE(supervisor.serving());
}

TEST(Supervisor, AnUnexpectedDeathIsRecordedWithItsSignalAndTheServerIsStartedAgain) {
  Supervisor supervisor(target_options());
  std::string error;
  ASSERT_TRUE(supervisor.start(error)) << error;
  const pid_t first = supervisor.pid();
  // SIGABRT, not SIGSEGV: under ASan the server would catch a SEGV and exit with a status instead.
  ASSERT_EQ(::kill(first, SIGABRT), 0);
  ASSERT_TRUE(eventually([&] { return supervisor.unexpected_deaths() == 1; }));
  EXPECT_NE(supervisor.describe_deaths_since(0).find("was killed by SIGABRT"), std::string::npos)
      << supervisor.describe_deaths_since(0);
  EXPECT_EQ(supervisor.describe_deaths_since(1), "");
  ASSERT_TRUE(eventually([&] { return supervisor.serving(); }));
  EXPECT_NE(supervisor.pid(), first);
  EXPECT_TRUE(process_exists(supervisor.pid()));
  EXPECT_EQ(supervisor.starts(), 2u);
}

TEST(Supervisor, AKillAsAFaultIsNotAnUnexpectedDeath) {
  Supervisor supervisor(target_options());
  std::string error;
  ASSERT_TRUE(supervisor.start(error)) << error;
  EXPECT_EQ(supervisor.kill_as_fault(SIGKILL), "");
  EXPECT_EQ(supervisor.unexpected_deaths(), 0u);
  ASSERT_TRUE(eventually([&] { return supervisor.serving(); }));
  EXPECT_EQ(supervisor.starts(), 2u);
}

TEST(Supervisor, AnExitStatusAndTheLastOutputAreTold) {
  Supervisor::Options options = script("echo listening on; echo 'out of memory, bye' >&2; exit 3");
  options.start.restart_on_exit = false;
  Supervisor supervisor(options);
  std::string error;
  ASSERT_TRUE(supervisor.start(error)) << error;
  ASSERT_TRUE(eventually([&] { return supervisor.given_up().has_value(); }));
  EXPECT_NE(supervisor.given_up()->find("exited with status 3"), std::string::npos)
      << *supervisor.given_up();
  // The last output joins the death's record once the reader has read to the end (settling()
  // says when; the scheduler waits for it the same way).
  ASSERT_TRUE(eventually([&] { return !supervisor.settling(); }));
  EXPECT_NE(supervisor.describe_deaths_since(0).find("out of memory, bye"), std::string::npos);
  EXPECT_FALSE(supervisor.serving());
}

TEST(Supervisor, GivesUpOnAServerThatKeepsDying) {
  Supervisor::Options options = script("echo listening on; exit 1");
  options.start.max_restarts = 2;
  Supervisor supervisor(options);
  std::string error;
  ASSERT_TRUE(supervisor.start(error)) << error;
  ASSERT_TRUE(eventually([&] { return supervisor.given_up().has_value(); }));
  EXPECT_NE(supervisor.given_up()->find("died 3 times"), std::string::npos)
      << *supervisor.given_up();
  EXPECT_EQ(supervisor.starts(), 3u);
}

TEST(Supervisor, AServerNotReadyInTimeIsAnErrorAndIsStopped) {
  Supervisor::Options options = script("sleep 30");
  options.start.ready_timeout = 200ms;
  Supervisor supervisor(options);
  std::string error;
  EXPECT_FALSE(supervisor.start(error));
  EXPECT_NE(error.find("was not ready within 200 ms"), std::string::npos) << error;
  EXPECT_EQ(supervisor.pid(), -1);
}

TEST(Supervisor, AProgramThatCannotRunSaysSo) {
  Supervisor::Options options;
  options.start.command = {"/nonexistent/wsconform-server"};
  options.start.ready_line = "listening on";
  Supervisor supervisor(options);
  std::string error;
  EXPECT_FALSE(supervisor.start(error));
  EXPECT_NE(error.find("cannot execute the server's command"), std::string::npos) << error;
}

TEST(Supervisor, StopEscalatesToSigkillWhenTheServerIgnoresTheStopSignal) {
  Supervisor::Options options =
      script("trap '' TERM; echo listening on; while :; do sleep 1; done");
  options.start.stop_timeout = 200ms;
  Supervisor supervisor(options);
  std::string error;
  ASSERT_TRUE(supervisor.start(error)) << error;
  const pid_t pid = supervisor.pid();
  supervisor.stop();
  EXPECT_FALSE(process_exists(pid));
  ASSERT_EQ(supervisor.deaths().size(), 1u);
  EXPECT_EQ(supervisor.deaths()[0].signal, SIGKILL);
}

TEST(Supervisor, PassesEnvironmentAndWorkingDirectory) {
  // Its stderr lines are in the pipe before it says it is ready; the death record reads the pipe
  // to its end, so they are in its output tail.
  Supervisor::Options options =
      script("echo \"FOO=$WSCONFORM_TEST_FOO\" >&2; pwd >&2; echo listening on; sleep 30");
  options.start.environment["WSCONFORM_TEST_FOO"] = "bar";
  options.start.working_directory = "/tmp";
  Supervisor supervisor(options);
  std::string error;
  ASSERT_TRUE(supervisor.start(error)) << error;
  EXPECT_EQ(supervisor.kill_as_fault(SIGKILL), "");
  const auto deaths = supervisor.deaths();
  ASSERT_FALSE(deaths.empty());
  EXPECT_NE(deaths[0].output_tail.find("FOO=bar"), std::string::npos) << deaths[0].output_tail;
  EXPECT_NE(deaths[0].output_tail.find("/tmp"), std::string::npos) << deaths[0].output_tail;
}

TEST(Supervisor, WhatADeadServerLeftBehindDiesWithItAndCannotHangTheSupervisor) {
  // The server leaves a child that keeps writing to the inherited pipes, then exits.
  const std::filesystem::path child_pid =
      std::filesystem::temp_directory_path() / ("wsconform-child-" + std::to_string(::getpid()));
  std::filesystem::remove(child_pid);
  Supervisor::Options options = script(
      "sh -c 'echo $$ > " + child_pid.string() +
      "; while :; do echo noise >&2; sleep 0.02; done' & echo listening on; sleep 0.1; exit 3");
  options.start.restart_on_exit = false;
  Supervisor supervisor(options);
  std::string error;
  ASSERT_TRUE(supervisor.start(error)) << error;
  ASSERT_TRUE(eventually([&] { return supervisor.given_up().has_value(); }));
  EXPECT_NE(supervisor.given_up()->find("exited with status 3"), std::string::npos);
  EXPECT_FALSE(supervisor.settling());
  std::ifstream in(child_pid);
  pid_t child = -1;
  in >> child;
  ASSERT_GT(child, 0);
  EXPECT_TRUE(eventually([&] { return !process_exists(child); }));
  std::filesystem::remove(child_pid);
}

}  // namespace
}  // namespace wsconform::faults
