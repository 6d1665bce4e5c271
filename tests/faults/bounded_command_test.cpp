// A profile's restart command: run without a shell, within a time limit, its whole group ended
// when it overstays.
#include "faults/bounded_command.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

namespace wsconform::faults {
namespace {

using namespace std::chrono_literals;

// Alive and not a zombie (an orphan waits for whoever reaps orphans here).
bool running(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const std::size_t state = text.rfind(") ");
  return state == std::string::npos || text.compare(state + 2, 1, "Z") != 0;
}

TEST(BoundedCommand, SaysHowTheCommandEnded) {
  EXPECT_EQ(run_bounded_command({"/bin/true"}, 5000ms), "");
  EXPECT_EQ(run_bounded_command({"/bin/sh", "-c", "exit 4"}, 5000ms), "exited with status 4");
  EXPECT_NE(run_bounded_command({"/nonexistent/restart-it"}, 5000ms).find("cannot execute"),
            std::string::npos);
  EXPECT_EQ(run_bounded_command({"/bin/sh", "-c", "kill -TERM $$"}, 5000ms),
            "was killed by SIGTERM");
  EXPECT_EQ(run_bounded_command({}, 5000ms), "no command");
}

TEST(BoundedCommand, ACommandThatOverstaysIsKilledWithWhatItStarted) {
  const std::filesystem::path pid_file =
      std::filesystem::temp_directory_path() / ("wsconform-bg-" + std::to_string(::getpid()));
  std::filesystem::remove(pid_file);
  EXPECT_EQ(run_bounded_command({"/bin/sh", "-c",
                                 "sh -c 'echo $$ > " + pid_file.string() +
                                     "; exec sleep 30' & "
                                     "sleep 30"},
                                100ms),
            "was still running after 100 ms and was killed");
  // What it started in the background shares its group, and died with it.
  pid_t background = -1;
  std::ifstream(pid_file) >> background;
  ASSERT_GT(background, 0);
  bool gone = false;
  for (int i = 0; i < 2000 && !gone; ++i) {  // bounded: the kill is already sent
    gone = !running(background);
    if (!gone) std::this_thread::sleep_for(5ms);
  }
  EXPECT_TRUE(gone);
  std::filesystem::remove(pid_file);
}

}  // namespace
}  // namespace wsconform::faults
