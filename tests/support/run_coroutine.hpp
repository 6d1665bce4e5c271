// Runs one coroutine to completion on a fresh io_context on the calling thread, with a hard bound
// so that a broken test fails instead of hanging.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/use_future.hpp>
#include <chrono>
#include <future>
#include <stdexcept>
#include <utility>

namespace wsconform::test_support {

// `body` is called with the io_context's executor and returns an awaitable<T>.
template <typename Body>
auto run_coroutine(Body body, std::chrono::seconds bound = std::chrono::seconds(20)) {
  asio::io_context io;
  auto future = asio::co_spawn(io, body(io.get_executor()), asio::use_future);
  io.run_for(bound);
  if (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    throw std::runtime_error("coroutine did not finish within the test's bound");
  }
  return future.get();
}

}  // namespace wsconform::test_support
