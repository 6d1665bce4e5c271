// A throwaway TCP server for tests: listens on a loopback address, port 0, runs on its own thread,
// and hands each accepted connection to a coroutine. Destroying it stops everything it started.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/use_awaitable.hpp>
#include <atomic>
#include <functional>
#include <thread>
#include <utility>

namespace wsconform::test_support {

class LoopbackServer {
 public:
  using Behaviour = std::function<asio::awaitable<void>(asio::ip::tcp::socket)>;

  explicit LoopbackServer(Behaviour behaviour,
                          asio::ip::address address = asio::ip::address_v4::loopback())
      : behaviour_(std::move(behaviour)), acceptor_(io_, {address, 0}) {
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(io_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }

  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  ~LoopbackServer() {
    io_.stop();
    thread_.join();
  }

  std::uint16_t port() const { return port_; }
  int connections_accepted() const { return accepted_.load(); }
  asio::io_context& io() { return io_; }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [error, socket] =
          co_await acceptor_.async_accept(asio::experimental::as_tuple(asio::use_awaitable));
      if (error) co_return;
      ++accepted_;
      asio::co_spawn(io_, behaviour_(std::move(socket)), asio::detached);
    }
  }

  Behaviour behaviour_;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

}  // namespace wsconform::test_support
