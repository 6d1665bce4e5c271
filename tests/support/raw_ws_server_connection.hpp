// The server side of one WebSocket connection, written by hand for tests: read the upgrade
// request, answer it (correctly or not), read the client's frames with the wire decoder, write
// any bytes. Runs inside a LoopbackServer behaviour.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/experimental/as_tuple.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <optional>
#include <string>

#include "net/no_throw.hpp"
#include "wire/frame.hpp"
#include "wire/frame_decoder.hpp"
#include "wire/http.hpp"

// GCC 12 false positive on coroutine frames: it pairs Asio's inlined frame operator new
// (aligned_alloc) with the frame's own operator delete, which does free it correctly.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace wsconform::test_support {

using net::kNoThrow;

class RawWsServerConnection {
 public:
  static constexpr std::size_t kMaxRequestBytes = 16 * 1024;

  explicit RawWsServerConnection(asio::ip::tcp::socket socket)
      : socket_(std::move(socket)), decoder_(client_frames()) {}

  asio::ip::tcp::socket& socket() { return socket_; }

  // The request header block, or nullopt if the client went away or sent too much.
  asio::awaitable<std::optional<std::string>> read_request() {
    for (;;) {
      const std::size_t end = buffered_.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::string request = buffered_.substr(0, end + 4);
        buffered_.erase(0, end + 4);
        co_return request;
      }
      if (buffered_.size() > kMaxRequestBytes) co_return std::nullopt;
      const bool more = co_await read_more();
      if (!more) co_return std::nullopt;
    }
  }

  // The Sec-WebSocket-Key header's value in `request` (empty if none).
  static std::string key_of(const std::string& request) {
    std::size_t line_start = 0;
    while (line_start < request.size()) {
      const std::size_t line_end = request.find("\r\n", line_start);
      const std::string line = request.substr(line_start, line_end - line_start);
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos && wire::iequals(line.substr(0, colon), "Sec-WebSocket-Key")) {
        const std::size_t value = line.find_first_not_of(' ', colon + 1);
        return value == std::string::npos ? "" : line.substr(value);
      }
      if (line_end == std::string::npos) break;
      line_start = line_end + 2;
    }
    return {};
  }

  // Writes a 101 answer for `request`; `accept` replaces the correct Sec-WebSocket-Accept.
  // `after` is written in the same write, right behind the header block.
  asio::awaitable<void> accept(const std::string& request,
                               std::optional<std::string> accept = std::nullopt,
                               wire::ByteView after = {}) {
    const std::string value = accept.value_or(wire::compute_accept(key_of(request)));
    std::string response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: " +
        value + "\r\n\r\n";
    response.append(reinterpret_cast<const char*>(after.data()), after.size());
    co_await write(wire::view_of(response));
  }

  // The next complete frame from the client; nullopt at EOF, error or a framing violation.
  asio::awaitable<std::optional<wire::Frame>> read_frame() {
    for (;;) {
      if (!frame_bytes_.empty()) {
        wire::ByteView input = frame_bytes_;
        wire::DecodeStep step = decoder_.decode(input);
        frame_bytes_.erase(
            frame_bytes_.begin(),
            frame_bytes_.begin() + static_cast<std::ptrdiff_t>(frame_bytes_.size() - input.size()));
        if (step.kind == wire::DecodeStep::Kind::frame) co_return std::move(step.frame);
        if (step.kind == wire::DecodeStep::Kind::violation) {
          violation_ = step.violation;
          co_return std::nullopt;
        }
      }
      const bool more = co_await read_more();
      if (!more) co_return std::nullopt;
    }
  }

  const std::optional<wire::Violation>& violation() const { return violation_; }

  asio::awaitable<void> write(wire::ByteView bytes) {
    co_await asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()), kNoThrow);
  }

  // An unmasked frame, as a server sends them (§5.1), unless `mask` is given.
  asio::awaitable<void> send_frame(std::uint8_t opcode, wire::ByteView payload, bool fin = true,
                                   std::optional<wire::MaskKey> mask = std::nullopt) {
    const wire::Bytes frame = wire::encode_frame(wire::make_frame(opcode, payload, mask, fin));
    co_await write(frame);
  }

  // Reads until the client ends the connection or `bound` passes; true if it ended.
  asio::awaitable<bool> wait_for_eof(std::chrono::milliseconds bound) {
    asio::steady_timer timer(socket_.get_executor());
    timer.expires_after(bound);
    timer.async_wait([this](std::error_code error) {
      if (!error) socket_.cancel();
    });
    std::uint8_t buffer[4096];
    for (;;) {
      auto [error, size] = co_await socket_.async_read_some(asio::buffer(buffer), kNoThrow);
      if (error) {
        timer.cancel();
        co_return error != asio::error::operation_aborted;
      }
    }
  }

  void reset() {
    std::error_code ignored;
    socket_.set_option(asio::socket_base::linger(true, 0), ignored);
    socket_.close(ignored);
  }

 private:
  static wire::DecoderOptions client_frames() {
    wire::DecoderOptions options;
    options.sender = wire::Sender::client;  // §5.1: the client must mask; the decoder checks it
    options.check_utf8 = false;
    options.check_close_payload = false;
    return options;
  }

  // Moves newly read bytes into the request buffer (before the upgrade) or the frame buffer.
  asio::awaitable<bool> read_more() {
    std::uint8_t buffer[4096];
    auto [error, size] = co_await socket_.async_read_some(asio::buffer(buffer), kNoThrow);
    if (error) co_return false;
    if (!request_done_) {
      buffered_.append(reinterpret_cast<const char*>(buffer), size);
      const std::size_t end = buffered_.find("\r\n\r\n");
      if (end != std::string::npos) {
        request_done_ = true;
        frame_bytes_.assign(buffered_.begin() + static_cast<std::ptrdiff_t>(end + 4),
                            buffered_.end());
        buffered_.resize(end + 4);
      }
    } else {
      frame_bytes_.insert(frame_bytes_.end(), buffer, buffer + size);
    }
    co_return true;
  }

  asio::ip::tcp::socket socket_;
  wire::FrameDecoder decoder_;
  std::string buffered_;
  bool request_done_ = false;
  wire::Bytes frame_bytes_;
  std::optional<wire::Violation> violation_;
};

}  // namespace wsconform::test_support

#pragma GCC diagnostic pop
