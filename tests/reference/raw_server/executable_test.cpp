// The wsconform-raw-server program: its usage errors, its mode lists and its "listening on" line.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "reference/raw_server/liberal_mode.hpp"

namespace {

struct ProgramRun {
  int exit_code = -1;
  std::string output;
};

// Runs a shell command line (bounded by `timeout`) and collects stdout and stderr.
ProgramRun run(const std::string& command) {
  ProgramRun result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) result.output += buffer;
  const int status = pclose(pipe);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

const std::string kProgram = WSCONFORM_RAW_SERVER_PATH;

TEST(RawServerProgram, AnUnknownModeExitsWith2AndListsTheValidModes) {
  const ProgramRun result =
      run("timeout 10 " + kProgram + " --mode corrupt-echo --mode no-such-mode");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("no-such-mode"), std::string::npos);
  EXPECT_NE(result.output.find("accept-any-handshake"), std::string::npos);
  EXPECT_NE(result.output.find("wrong-pong-payload"), std::string::npos);
}

TEST(RawServerProgram, AnUnknownLiberalModeExitsWith2AndListsTheValidLiberalModes) {
  const ProgramRun result =
      run("timeout 10 " + kProgram + " --liberal fail-by-drop --liberal no-such-liberty");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("unknown liberal mode 'no-such-liberty'"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("valid liberal modes:"), std::string::npos);
  EXPECT_NE(result.output.find("empty-close-reply"), std::string::npos);
  EXPECT_NE(result.output.find("plain-http-without-upgrade"), std::string::npos);
  EXPECT_EQ(result.output.find("listening on"), std::string::npos);
}

TEST(RawServerProgram, ABrokenModeNameIsNotALiberalOne) {
  const ProgramRun result = run("timeout 10 " + kProgram + " --liberal corrupt-echo");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("unknown liberal mode 'corrupt-echo'"), std::string::npos)
      << result.output;
}

TEST(RawServerProgram, ListsItsModesOnePerLine) {
  const ProgramRun liberal = run("timeout 10 " + kProgram + " --list-liberal");
  EXPECT_EQ(liberal.exit_code, 0);
  std::string expected;
  for (const std::string_view name : wsconform::raw_server::liberal_mode_names()) {
    expected += std::string(name) + "\n";
  }
  EXPECT_EQ(liberal.output, expected);
  const ProgramRun broken = run("timeout 10 " + kProgram + " --list-modes");
  EXPECT_EQ(broken.exit_code, 0);
  EXPECT_NE(broken.output.find("\nstall-on-huge-frame\n"), std::string::npos) << broken.output;
  EXPECT_EQ(broken.output.find("listening on"), std::string::npos);
}

TEST(RawServerProgram, ListensWithLiberalModes) {
  const ProgramRun result = run("timeout --preserve-status -s INT 1 " + kProgram +
                                " --port 0 --liberal latest-ping-only --liberal fail-by-drop");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output.rfind("listening on 127.0.0.1:", 0), 0u) << result.output;
}

TEST(RawServerProgram, PrintsWhereItListensAndExitsCleanlyOnSigint) {
  const ProgramRun result = run("timeout --preserve-status -s INT 1 " + kProgram +
                                " --host 127.0.0.1 --port 0 --mode no-pong");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  // "listening on 127.0.0.1:PORT\n" with a nonzero port (the one bound, not the 0 asked for).
  constexpr std::string_view kPrefix = "listening on 127.0.0.1:";
  ASSERT_EQ(result.output.substr(0, kPrefix.size()), kPrefix) << result.output;
  const std::string port =
      result.output.substr(kPrefix.size(), result.output.find('\n') - kPrefix.size());
  EXPECT_FALSE(port.empty());
  EXPECT_EQ(port.find_first_not_of("0123456789"), std::string::npos) << port;
  EXPECT_NE(std::atoi(port.c_str()), 0);
}

}  // namespace
