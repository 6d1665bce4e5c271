#include "reference/raw_server/raw_server.hpp"

#include <algorithm>
#include <stdexcept>

#include <asio/dispatch.hpp>
#include <asio/strand.hpp>

namespace wsconform::raw_server {

RawServer::RawServer(RawServerOptions options)
    : options_(std::move(options)), acceptor_(io_), retry_timer_(io_) {}

RawServer::~RawServer() {
  stop();
}

std::uint16_t RawServer::start() {
  if (started_) throw std::logic_error("RawServer::start called twice");
  started_ = true;
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(options_.host), options_.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen();
  port_ = acceptor_.local_endpoint().port();
  accept_next();
  const unsigned thread_count = std::max(1u, options_.threads);
  for (unsigned i = 0; i < thread_count; ++i) threads_.emplace_back([this] { io_.run(); });
  return port_;
}

void RawServer::stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  io_.stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  // No thread runs handlers now: the sockets can be closed from here.
  std::error_code ignored;
  acceptor_.close(ignored);
  std::lock_guard lock(mutex_);
  for (const std::weak_ptr<RawConnection>& weak : connections_) {
    if (const std::shared_ptr<RawConnection> connection = weak.lock()) connection->close_now();
  }
  connections_.clear();
}

std::size_t RawServer::connections_accepted() const {
  std::lock_guard lock(mutex_);
  return accepted_;
}

std::size_t RawServer::live_connections_locked() {
  std::erase_if(connections_,
                [](const std::weak_ptr<RawConnection>& weak) { return weak.expired(); });
  return connections_.size();
}

void RawServer::accept_next() {
  acceptor_.async_accept(
      asio::make_strand(io_), [this](const std::error_code& error, asio::ip::tcp::socket socket) {
        if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (!error) {
          std::lock_guard lock(mutex_);
          ++accepted_;
          if (live_connections_locked() < options_.max_connections) {
            SessionOptions session;
            session.modes = options_.modes;
            session.liberties = options_.liberties;
            session.abort_on_rsv = options_.abort_on_rsv;
            session.max_message_size = options_.max_message_size;
            session.stall = stall_;
            const auto strand = socket.get_executor();
            auto connection =
                std::make_shared<RawConnection>(std::move(socket), session, options_.limits);
            connections_.push_back(connection);
            asio::dispatch(strand, [connection] { connection->start(); });
          }  // else: the socket closes as it goes out of scope
          accept_next();
          return;
        }
        // Out of descriptors or similar: try again shortly instead of spinning.
        retry_timer_.expires_after(std::chrono::milliseconds(50));
        retry_timer_.async_wait([this](const std::error_code& wait_error) {
          if (!wait_error) accept_next();
        });
      });
}

}  // namespace wsconform::raw_server
