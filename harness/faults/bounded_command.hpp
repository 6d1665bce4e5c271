// Runs a command (argv, no shell) and waits for it, within a time limit: what a profile's
// "restart: {command: [...]}" does.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace wsconform::faults {

// "" when it exited with status 0; otherwise what happened ("exited with status 2", "was still
// running after 10000 ms and was killed", "cannot execute ..."). Its output goes to our stderr.
std::string run_bounded_command(const std::vector<std::string>& argv,
                                std::chrono::milliseconds timeout);

}  // namespace wsconform::faults
