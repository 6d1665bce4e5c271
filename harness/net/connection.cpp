#include "net/connection.hpp"

#include <openssl/ssl.h>

#include <asio/connect.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/address.hpp>
#include <asio/ssl/host_name_verification.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <tuple>
#include <variant>
#include <vector>

#include "net/no_throw.hpp"
#include "net/stream_errors.hpp"

namespace wsconform::net {
namespace {

using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

// Completion token that reports errors as values instead of exceptions.

std::string endpoint_text(const tcp::endpoint& endpoint) {
  const auto address = endpoint.address().to_string();
  const auto port = std::to_string(endpoint.port());
  return endpoint.address().is_v6() ? "[" + address + "]:" + port : address + ":" + port;
}

ConnectResult failure(std::error_code error, std::string message) {
  return ConnectResult{error, std::move(message), {}};
}

}  // namespace

Connection::Connection(asio::any_io_executor executor)
    : executor_(executor),
      socket_(executor),
      delay_timer_(executor),
      read_buffer_(new std::uint8_t[kReadBufferSize]) {}

// tls_ refers to socket_ and is declared after it, so it is destroyed first.
Connection::~Connection() = default;

asio::awaitable<ConnectResult> Connection::connect(std::string host, std::uint16_t port,
                                                   ConnectOptions options) {
  if (closed_) co_return failure(asio::error::operation_aborted, "connection closed");
  asio::steady_timer deadline(executor_);
  deadline.expires_after(options.timeout);
  ConnectResult result = co_await connect_tcp(host, port, deadline);
  if (!result.ok() || options.tls == nullptr) co_return result;
  ConnectResult handshake = co_await handshake_tls(options, deadline);
  if (!handshake.ok()) co_return handshake;
  co_return result;
}

asio::awaitable<ConnectResult> Connection::connect_tcp(const std::string& host, std::uint16_t port,
                                                       asio::steady_timer& deadline) {
  std::vector<tcp::endpoint> endpoints;
  std::error_code not_a_literal;
  const auto address = asio::ip::make_address(host, not_a_literal);
  if (!not_a_literal) {
    endpoints.emplace_back(address, port);
  } else {
    // A cancelled resolve still waits for getaddrinfo to return: the timeout bounds our wait
    // only as far as the system resolver lets it.
    tcp::resolver resolver(executor_);
    auto resolved = co_await (resolver.async_resolve(host, std::to_string(port), kNoThrow) ||
                              deadline.async_wait(kNoThrow));
    if (resolved.index() == 1) {
      co_return failure(asio::error::timed_out, "resolving " + host + " timed out");
    }
    const std::error_code error = std::get<0>(std::get<0>(resolved));
    if (error) co_return failure(error, "cannot resolve " + host + ": " + error.message());
    for (const auto& entry : std::get<1>(std::get<0>(resolved))) {
      endpoints.push_back(entry.endpoint());
    }
  }

  auto connected =
      co_await (asio::async_connect(socket_, endpoints, kNoThrow) || deadline.async_wait(kNoThrow));
  if (connected.index() == 1) {
    close();
    co_return failure(asio::error::timed_out, "connecting to " + host + " timed out");
  }
  const std::error_code error = std::get<0>(std::get<0>(connected));
  const tcp::endpoint endpoint = std::get<1>(std::get<0>(connected));
  if (error) {
    close();
    co_return failure(
        error, "cannot connect to " + host + ":" + std::to_string(port) + ": " + error.message());
  }
  std::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);  // each piece of a plan is its own segment
  co_return ConnectResult{{}, {}, endpoint_text(endpoint)};
}

asio::awaitable<ConnectResult> Connection::handshake_tls(const ConnectOptions& options,
                                                         asio::steady_timer& deadline) {
  tls_ = std::make_unique<TlsStream>(socket_, *options.tls);
  if (!options.sni.empty()) SSL_set_tlsext_host_name(tls_->native_handle(), options.sni.c_str());
  if (!options.verify_host.empty()) {
    tls_->set_verify_callback(asio::ssl::host_name_verification(options.verify_host));
  }
  auto shaken = co_await (tls_->async_handshake(asio::ssl::stream_base::client, kNoThrow) ||
                          deadline.async_wait(kNoThrow));
  if (shaken.index() == 1) {
    close();
    co_return failure(asio::error::timed_out, "TLS handshake timed out");
  }
  const auto error = std::get<0>(std::get<0>(shaken));
  if (error) {
    close();
    co_return failure(error, "TLS handshake failed: " + error.message());
  }
  co_return ConnectResult{};
}

asio::awaitable<WriteResult> Connection::write(wire::ByteView data, const WritePlan& plan,
                                               std::chrono::milliseconds piece_timeout,
                                               PieceWritten on_piece) {
  WriteResult result;
  PieceCutter cutter(plan, data.size());
  std::size_t offset = 0;
  for (auto piece_size = cutter.next(); piece_size; piece_size = cutter.next()) {
    if (offset > 0 && plan.delay.count() > 0 && is_open()) {
      delay_timer_.expires_after(plan.delay);
      co_await delay_timer_.async_wait(kNoThrow);  // close() cancels it
    }
    if (!is_open()) {
      result.status = WriteStatus::aborted;
      co_return result;
    }
    const auto piece = data.subspan(offset, *piece_size);
    bool timed_out = false;
    const std::pair<std::error_code, std::size_t> outcome =
        co_await write_piece(piece, piece_timeout, timed_out);
    const std::error_code error = outcome.first;
    const std::size_t written = outcome.second;
    offset += written;
    result.bytes_written += written;
    if (timed_out) {
      result.status = closed_ ? WriteStatus::aborted : WriteStatus::timeout;
      co_return result;
    }
    if (error) {
      result.status = classify_write_error(error, closed_);
      result.error = error;
      co_return result;
    }
    if (on_piece) on_piece(piece);
  }
  co_return result;
}

asio::awaitable<std::pair<std::error_code, std::size_t>> Connection::write_piece(
    wire::ByteView piece, std::chrono::milliseconds timeout, bool& timed_out) {
  asio::steady_timer timer(executor_);
  timer.expires_after(timeout);
  const auto buffer = asio::buffer(piece.data(), piece.size());
  std::variant<std::tuple<std::error_code, std::size_t>, std::tuple<std::error_code>> outcome;
  if (tls_) {
    outcome = co_await (asio::async_write(*tls_, buffer, kNoThrow) || timer.async_wait(kNoThrow));
  } else {
    outcome = co_await (asio::async_write(socket_, buffer, kNoThrow) || timer.async_wait(kNoThrow));
  }
  if (outcome.index() == 1) {
    timed_out = true;
    co_return std::pair<std::error_code, std::size_t>{asio::error::timed_out, 0};
  }
  co_return std::pair<std::error_code, std::size_t>{std::get<0>(std::get<0>(outcome)),
                                                    std::get<1>(std::get<0>(outcome))};
}

asio::awaitable<ReadResult> Connection::read_some(std::chrono::steady_clock::duration timeout) {
  if (!is_open()) co_return ReadResult{ReadStatus::aborted, {}, asio::error::not_connected};
  asio::steady_timer timer(executor_);
  timer.expires_after(timeout);
  const auto buffer = asio::buffer(read_buffer_.get(), kReadBufferSize);
  std::variant<std::tuple<std::error_code, std::size_t>, std::tuple<std::error_code>> outcome;
  if (tls_) {
    outcome = co_await (tls_->async_read_some(buffer, kNoThrow) || timer.async_wait(kNoThrow));
  } else {
    outcome = co_await (socket_.async_read_some(buffer, kNoThrow) || timer.async_wait(kNoThrow));
  }
  if (outcome.index() == 1) {
    co_return ReadResult{
        closed_ ? ReadStatus::aborted : ReadStatus::timeout, {}, asio::error::timed_out};
  }
  const std::error_code error = std::get<0>(std::get<0>(outcome));
  const std::size_t size = std::get<1>(std::get<0>(outcome));
  // Bytes that arrived count even if an error ended the read: the error shows on the next one.
  if (size > 0) {
    co_return ReadResult{ReadStatus::data, wire::ByteView(read_buffer_.get(), size), {}};
  }
  // A stream read that returns nothing without an error has reached the end of the stream.
  if (!error) co_return ReadResult{ReadStatus::fin, {}, asio::error::eof};
  co_return ReadResult{classify_read_error(error, closed_), {}, error};
}

void Connection::close() {
  closed_ = true;
  delay_timer_.cancel();
  std::error_code ignored;
  socket_.close(ignored);
}

void Connection::shutdown_send() {
  std::error_code ignored;
  if (socket_.is_open()) socket_.shutdown(asio::socket_base::shutdown_send, ignored);
}

void Connection::reset() {
  std::error_code ignored;
  if (socket_.is_open()) socket_.set_option(asio::socket_base::linger(true, 0), ignored);
  close();
}

}  // namespace wsconform::net
