// Ctrl-C for a run: SIGINT and SIGTERM set a flag the runner polls (it stops starting cases and
// cuts the ones in flight short) so the reports for the finished cases can still be written. A
// second signal of the same kind ends the process at once.
#pragma once

#include <atomic>
#include <csignal>

namespace wsconform::cli {

class InterruptSignal {
 public:
  InterruptSignal();   // installs the handlers
  ~InterruptSignal();  // restores the previous ones
  InterruptSignal(const InterruptSignal&) = delete;
  InterruptSignal& operator=(const InterruptSignal&) = delete;

  const std::atomic<bool>& flag() const;
  bool raised() const { return flag().load(); }

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace wsconform::cli
