// A broadcast wake-up for coroutines on one io_context: waiters sleep until notify() or their own
// deadline, then re-check what they wait for. Nothing is lost between a check and a wait, since
// everything runs on one thread.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <vector>

namespace wsconform::scenario::runner_detail {

class Signal {
 public:
  explicit Signal(asio::any_io_executor executor) : executor_(std::move(executor)) {}

  // Wakes every coroutine waiting now.
  void notify();
  // Returns at the next notify() or at `deadline`, whichever comes first.
  asio::awaitable<void> wait_until(std::chrono::steady_clock::time_point deadline);

 private:
  asio::any_io_executor executor_;
  std::vector<asio::steady_timer*> waiters_;
};

}  // namespace wsconform::scenario::runner_detail
