// The process's file-descriptor limit: raised as far as it may go, and what it leaves for sockets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace wsconform::overload {

struct FdLimits {
  std::uint64_t soft_before = 0;  // RLIMIT_NOFILE's soft limit as found
  std::uint64_t soft = 0;         // after raising it (equal to `hard` unless setrlimit failed)
  std::uint64_t hard = 0;
  std::string error;  // why the soft limit could not be raised (empty: it was)
};

// Raises the soft RLIMIT_NOFILE to the hard limit (only root may raise the hard one, and not even
// root can on these machines), and returns the limits in force afterwards.
FdLimits raise_fd_limit();

// Descriptors this process has open now (entries of /proc/self/fd); 0 if that cannot be read.
std::size_t open_fd_count();

// How many more descriptors may be opened under `limits.soft`, keeping `reserve` for everything
// else (the target's pipes, log files, the resolver).
std::size_t fd_headroom(const FdLimits& limits, std::size_t open_now, std::size_t reserve);

}  // namespace wsconform::overload
