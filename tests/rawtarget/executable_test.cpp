// The wsconform-rawtarget program: its usage errors and its "listening on" line.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <regex>
#include <string>

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

const std::string kProgram = WSCONFORM_RAWTARGET_PATH;

TEST(RawTargetProgram, AnUnknownModeExitsWith2AndListsTheValidModes) {
  const ProgramRun result =
      run("timeout 10 " + kProgram + " --mode corrupt-echo --mode no-such-mode");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("no-such-mode"), std::string::npos);
  EXPECT_NE(result.output.find("accept-any-handshake"), std::string::npos);
  EXPECT_NE(result.output.find("wrong-pong-payload"), std::string::npos);
}

TEST(RawTargetProgram, PrintsWhereItListensAndExitsCleanlyOnSigint) {
  const ProgramRun result = run("timeout --preserve-status -s INT 1 " + kProgram +
                                " --host 127.0.0.1 --port 0 --mode no-pong");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(
      std::regex_search(result.output, std::regex("^listening on 127\\.0\\.0\\.1:[1-9][0-9]*\n")))
      << result.output;
}

}  // namespace
