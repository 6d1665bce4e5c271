// One accepted TCP connection: reads bytes into its Session and writes what the session returns,
// on the connection's strand. It ends TCP the way a server should: FIN first (shutdown of the
// sending side), then it reads and discards until the client's FIN or a bound, then closes.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include "reference/raw_server/session.hpp"
#include "wire/bytes.hpp"

namespace wsconform::raw_server {

struct ConnectionLimits {
  std::chrono::milliseconds idle_timeout{60000};  // no bytes from the client for this long: close
  std::chrono::milliseconds linger{2000};         // after our FIN: wait this long for the client's
  std::size_t max_queued_write_bytes = 4u << 20;  // stop reading while more is waiting to go out
};

class RawConnection : public std::enable_shared_from_this<RawConnection> {
 public:
  RawConnection(asio::ip::tcp::socket socket, SessionOptions options, ConnectionLimits limits);
  void start();
  // Closes the socket at once. Only safe when no thread runs the connection's executor.
  void close_now();

 private:
  void read_more();
  void on_read(const std::error_code& error, std::size_t size);
  void apply(SessionOutput output);
  void write_next();
  void on_written(const std::error_code& error);
  void send_fin();
  void arm_wake(std::chrono::milliseconds after);
  void arm_idle();
  void close_socket();

  asio::ip::tcp::socket socket_;
  asio::steady_timer wake_timer_;
  asio::steady_timer deadline_timer_;  // idle timeout, then the linger bound after FIN
  ConnectionLimits limits_;
  bool unbounded_queue_ = false;  // BrokenMode::unbounded_write_queue (read before session_ is)
  Session session_;
  std::array<std::uint8_t, 64 * 1024> read_buffer_{};
  std::deque<wire::Bytes> write_queue_;
  std::size_t queued_bytes_ = 0;
  bool reading_ = false;
  bool writing_ = false;
  bool fin_requested_ = false;  // send FIN once the queue is written
  bool fin_sent_ = false;
  bool closed_ = false;
};

}  // namespace wsconform::raw_server
