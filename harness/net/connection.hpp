// One client connection over Asio C++20 coroutines, plain TCP or TLS: connect with a timeout,
// timed writes cut into pieces, and reads that tell data from FIN, RST, silence and errors.
// Every wait is bounded; close() ends every pending operation at once.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "net/write_plan.hpp"
#include "wire/bytes.hpp"

namespace wsconform::net {

struct ConnectOptions {
  std::chrono::milliseconds timeout{3000};  // resolve + connect + TLS handshake
  asio::ssl::context* tls = nullptr;        // set: speak TLS (wss://) with this context
  std::string sni;          // TLS server name to send; empty: none (e.g. for an IP address)
  std::string verify_host;  // name the certificate must carry; empty: not checked
};

struct ConnectResult {
  std::error_code error;  // empty on success
  std::string message;    // what failed, for people ("connection refused", "timed out", ...)
  std::string peer;       // the endpoint connected to, "127.0.0.1:8080" or "[::1]:8080"
  bool ok() const { return !error; }
};

enum class ReadStatus : std::uint8_t {
  data,     // `bytes` holds what arrived
  fin,      // the peer ended its side in order (EOF)
  rst,      // the connection was reset
  timeout,  // nothing arrived before the timeout
  aborted,  // close() was called, or the connection is not open
  error,    // anything else: see `error`
};

struct ReadResult {
  ReadStatus status = ReadStatus::error;
  wire::ByteView bytes;  // valid until the next read
  std::error_code error;
};

enum class WriteStatus : std::uint8_t { ok, rst, timeout, aborted, error };

struct WriteResult {
  WriteStatus status = WriteStatus::ok;
  std::uint64_t bytes_written = 0;  // by the writes that completed
  std::error_code error;
};

std::string_view read_status_name(ReadStatus status);
std::string_view write_status_name(WriteStatus status);

class Connection {
 public:
  // At most this much is read at once: the only per-connection read buffer.
  static constexpr std::size_t kReadBufferSize = 64 * 1024;

  explicit Connection(asio::any_io_executor executor);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Resolves `host` (an IPv4 or IPv6 literal skips the resolver), connects to the first address
  // that answers, turns on TCP_NODELAY and, with options.tls, runs the TLS handshake.
  asio::awaitable<ConnectResult> connect(std::string host, std::uint16_t port,
                                         ConnectOptions options);

  using PieceWritten = std::function<void(wire::ByteView piece)>;
  // Writes `data` as the plan cuts it, one write per piece, pausing plan.delay between pieces.
  // Each piece must complete within `piece_timeout`. `on_piece` sees each piece once written.
  // `data` must stay alive until the write completes.
  asio::awaitable<WriteResult> write(wire::ByteView data, const WritePlan& plan,
                                     std::chrono::milliseconds piece_timeout,
                                     PieceWritten on_piece = {});

  // Waits until bytes arrive (at most kReadBufferSize), the stream ends, or `timeout` passes.
  asio::awaitable<ReadResult> read_some(std::chrono::steady_clock::duration timeout);

  // Closes the socket at once (no TLS close_notify); pending operations complete as aborted.
  void close();
  // Closes with SO_LINGER 0, so the peer sees a reset instead of a FIN.
  void reset();
  // Sends a FIN (TCP shutdown of the sending side; under TLS, below it); reading goes on.
  void shutdown_send();
  bool is_open() const { return socket_.is_open() && !closed_; }
  bool is_tls() const { return tls_ != nullptr; }

 private:
  using TlsStream = asio::ssl::stream<asio::ip::tcp::socket&>;

  asio::awaitable<ConnectResult> connect_tcp(const std::string& host, std::uint16_t port,
                                             asio::steady_timer& deadline);
  asio::awaitable<ConnectResult> handshake_tls(const ConnectOptions& options,
                                               asio::steady_timer& deadline);
  asio::awaitable<std::pair<std::error_code, std::size_t>> write_piece(
      wire::ByteView piece, std::chrono::milliseconds timeout, bool& timed_out);

  asio::any_io_executor executor_;
  asio::ip::tcp::socket socket_;
  std::unique_ptr<TlsStream> tls_;
  asio::steady_timer delay_timer_;
  std::unique_ptr<std::uint8_t[]> read_buffer_;
  bool closed_ = false;
};

}  // namespace wsconform::net
