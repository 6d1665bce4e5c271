#include "overload/fd_limit.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

namespace wsconform::overload {
namespace {

TEST(FdLimit, RaisesTheSoftLimitToTheHardOne) {
  rlimit before{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &before), 0);
  if (before.rlim_cur > 256) {  // lower it first, so that raising is observable
    rlimit lowered = before;
    lowered.rlim_cur = 256;
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
  }
  const FdLimits limits = raise_fd_limit();
  EXPECT_TRUE(limits.error.empty()) << limits.error;
  EXPECT_EQ(limits.soft, limits.hard);
  EXPECT_EQ(limits.hard, before.rlim_max);
  EXPECT_LE(limits.soft_before, limits.soft);
  rlimit after{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &after), 0);
  EXPECT_EQ(after.rlim_cur, after.rlim_max);
}

TEST(FdLimit, CountsOpenDescriptors) {
  const std::size_t before = open_fd_count();
  EXPECT_GE(before, 3u);  // stdin, stdout, stderr at least
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  EXPECT_EQ(open_fd_count(), before + 2);
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
  EXPECT_EQ(open_fd_count(), before);
}

TEST(FdLimit, HeadroomKeepsTheReserve) {
  FdLimits limits;
  limits.soft = 1000;
  EXPECT_EQ(fd_headroom(limits, 10, 64), 926u);
  EXPECT_EQ(fd_headroom(limits, 990, 64), 0u);
  EXPECT_EQ(fd_headroom(limits, 936, 64), 0u);
}

}  // namespace
}  // namespace wsconform::overload
