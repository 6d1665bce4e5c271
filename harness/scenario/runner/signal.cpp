#include "scenario/runner/signal.hpp"

#include <algorithm>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

namespace wsconform::scenario::runner_detail {

void Signal::notify() {
  for (asio::steady_timer* waiter : waiters_) waiter->cancel();
}

asio::awaitable<void> Signal::wait_until(std::chrono::steady_clock::time_point deadline) {
  asio::steady_timer timer(executor_, deadline);
  waiters_.push_back(&timer);
  co_await timer.async_wait(asio::experimental::as_tuple(asio::use_awaitable));
  waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &timer));
}

}  // namespace wsconform::scenario::runner_detail
