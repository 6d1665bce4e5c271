// Values fixed at build time, and the defaults derived from the machine.
#include "cli/build_info.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace wsconform::cli {
namespace {

TEST(DefaultRunJobs, SeveralPerCoreMoreForALocalServer) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned local = default_run_jobs(true);
  const unsigned remote = default_run_jobs(false);
  EXPECT_EQ(local, std::clamp(4 * cores, 4u, 64u));
  EXPECT_EQ(remote, std::clamp(2 * cores, 2u, 16u));
  EXPECT_GE(local, remote);
  EXPECT_GE(remote, 2u);
}

TEST(DefaultJobs, IsAtLeastOne) {
  EXPECT_GE(default_jobs(), 1u);
}

}  // namespace
}  // namespace wsconform::cli
