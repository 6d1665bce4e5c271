#include "cli/interrupt_signal.hpp"

#include <unistd.h>

namespace wsconform::cli {

namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

void on_signal(int) {
  g_interrupted.store(true);
  static constexpr char kMessage[] =
      "\nwsconform: interrupted; finishing the reports (press Ctrl-C again to quit at once)\n";
  // write(2) is async-signal-safe; there is nothing useful to do if it fails.
  [[maybe_unused]] const auto ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
}

struct sigaction make_action() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // the second signal takes its default action: the process ends
  return action;
}

}  // namespace

InterruptSignal::InterruptSignal() {
  g_interrupted.store(false);
  const struct sigaction action = make_action();
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
}

InterruptSignal::~InterruptSignal() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
}

const std::atomic<bool>& InterruptSignal::flag() const {
  return g_interrupted;
}

}  // namespace wsconform::cli
