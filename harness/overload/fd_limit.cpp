#include "overload/fd_limit.hpp"

#include <dirent.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace wsconform::overload {

FdLimits raise_fd_limit() {
  FdLimits limits;
  rlimit current{};
  if (::getrlimit(RLIMIT_NOFILE, &current) != 0) {
    limits.error = std::string("getrlimit: ") + std::strerror(errno);
    return limits;
  }
  limits.soft_before = current.rlim_cur;
  limits.soft = current.rlim_cur;
  limits.hard = current.rlim_max;
  if (current.rlim_cur < current.rlim_max) {
    rlimit raised = current;
    raised.rlim_cur = current.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      limits.soft = raised.rlim_cur;
    } else {
      limits.error = std::string("setrlimit: ") + std::strerror(errno);
    }
  }
  return limits;
}

std::size_t open_fd_count() {
  DIR* directory = ::opendir("/proc/self/fd");
  if (directory == nullptr) return 0;
  std::size_t count = 0;
  while (const dirent* entry = ::readdir(directory)) {
    if (entry->d_name[0] != '.') ++count;
  }
  ::closedir(directory);
  // The directory stream itself held one descriptor while it was counted.
  return count > 0 ? count - 1 : 0;
}

std::size_t fd_headroom(const FdLimits& limits, std::size_t open_now, std::size_t reserve) {
  const std::uint64_t used = static_cast<std::uint64_t>(open_now) + reserve;
  if (limits.soft <= used) return 0;
  return static_cast<std::size_t>(limits.soft - used);
}

}  // namespace wsconform::overload
