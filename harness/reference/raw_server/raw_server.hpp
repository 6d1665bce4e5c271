// The raw strict server: a WebSocket echo server on standalone Asio and the project's own wire
// layer, strictly conforming to RFC 6455 unless told to break one rule (broken_mode.hpp) or to use
// a freedom the RFC gives (liberal_mode.hpp). It runs on its own io_context thread(s); the suite's
// judge test starts one per broken mode and one per liberal mode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include "reference/raw_server/broken_mode.hpp"
#include "reference/raw_server/liberal_mode.hpp"
#include "reference/raw_server/raw_connection.hpp"

namespace wsconform::raw_server {

struct RawServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port (start() returns it)
  BrokenModes modes{};
  LiberalModes liberties{};
  std::uint64_t max_message_size = 16u << 20;
  unsigned threads = 1;
  std::size_t max_connections = 1024;  // more at once are closed on accept
  ConnectionLimits limits;
  bool abort_on_rsv = false;  // SessionOptions::abort_on_rsv: the executable's planted crash
};

class RawServer {
 public:
  explicit RawServer(RawServerOptions options);
  ~RawServer();
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  // Binds, listens and starts the threads; returns the port. Throws std::system_error when the
  // address cannot be bound, std::logic_error when called twice.
  std::uint16_t start();
  // Stops accepting, closes every connection and joins the threads. Idempotent.
  void stop();

  std::uint16_t port() const { return port_; }
  std::size_t connections_accepted() const;

 private:
  void accept_next();
  // Live connections (expired entries are pruned); guarded by mutex_.
  std::size_t live_connections_locked();

  RawServerOptions options_;
  std::shared_ptr<StallLatch> stall_ = std::make_shared<StallLatch>();  // stall-on-huge-frame
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  asio::steady_timer retry_timer_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  bool started_ = false;
  bool stopped_ = false;
  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<RawConnection>> connections_;
  std::size_t accepted_ = 0;
};

}  // namespace wsconform::raw_server
