// A blocking WebSocket client for the raw server's tests, built on the wire layer: every read has
// a deadline, so a silent server fails a test instead of hanging it. Header-only (the test
// binaries are one source file each).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <asio/buffer.hpp>
#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include "wire/bytes.hpp"
#include "wire/frame.hpp"
#include "wire/frame_decoder.hpp"
#include "wire/http.hpp"

namespace wsconform::raw_server::testing {

class BlockingWsClient {
 public:
  using Duration = std::chrono::milliseconds;
  enum class End : std::uint8_t { open, eof, reset, timeout };
  struct Received {
    std::vector<wire::Frame> frames;
    End end = End::open;  // why reading stopped; open: the wanted frames arrived
    std::optional<wire::Violation> violation;
  };

  explicit BlockingWsClient(Duration timeout = Duration(3000))
      : timeout_(timeout), decoder_(wire::DecoderOptions{.sender = wire::Sender::server}) {}

  bool connect(std::uint16_t port) {
    std::error_code error;
    socket_.connect({asio::ip::address_v4::loopback(), port}, error);
    return !error;
  }

  bool send(wire::ByteView bytes) {
    std::error_code error;
    asio::write(socket_, asio::buffer(bytes.data(), bytes.size()), error);
    return !error;
  }
  bool send(std::string_view text) { return send(wire::view_of(text)); }
  bool send_frame(std::uint8_t opcode, std::string_view payload, bool fin = true) {
    return send(wire::encode_frame(
        wire::make_frame(opcode, wire::view_of(payload), wire::MaskKey{1, 2, 3, 4}, fin)));
  }
  void shutdown_send() {
    std::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  }

  // Sends `request` and reads the response head; nullopt if none arrived.
  std::optional<wire::HttpResponse> handshake(std::string_view request) {
    if (!send(request)) return std::nullopt;
    wire::HttpResponseParser parser;
    while (true) {
      wire::ByteView input = pending_;
      const auto status = parser.feed(input);
      pending_.erase(pending_.begin(), pending_.end() - static_cast<long>(input.size()));
      if (status == wire::HttpResponseParser::Status::complete) return parser.response();
      if (status == wire::HttpResponseParser::Status::error) return std::nullopt;
      if (read_some() != End::open) return std::nullopt;
    }
  }

  // Reads until `count` frames arrived, the stream ends, a frame breaks the rules, or timeout.
  Received read_frames(std::size_t count) {
    Received received;
    while (received.frames.size() < count) {
      if (!decode_pending(received)) return received;
      if (received.frames.size() >= count) break;
      received.end = read_some();
      if (received.end != End::open) {
        decode_pending(received);
        return received;
      }
    }
    return received;
  }
  // Reads every frame until the stream ends (or the timeout passes).
  Received read_until_end() { return read_frames(static_cast<std::size_t>(-1)); }

  // Reads and drops bytes (a response body, say) until the stream ends or the timeout passes.
  End skip_until_end() {
    while (true) {
      pending_.clear();
      const End end = read_some();
      if (end != End::open) return end;
    }
  }

  static std::string standard_request(std::string_view key = "dGhlIHNhbXBsZSBub25jZQ==") {
    return wire::standard_upgrade_request("127.0.0.1", "/", key).serialize();
  }

 private:
  // Decodes buffered bytes into frames; false on a violation.
  bool decode_pending(Received& received) {
    wire::ByteView input = pending_;
    while (!input.empty()) {
      wire::DecodeStep step = decoder_.decode(input);
      if (step.kind == wire::DecodeStep::Kind::violation) {
        received.violation = step.violation;
        return false;
      }
      if (step.kind == wire::DecodeStep::Kind::need_more) break;
      received.frames.push_back(std::move(step.frame));
    }
    pending_.erase(pending_.begin(), pending_.end() - static_cast<long>(input.size()));
    return true;
  }

  End read_some() {
    std::array<std::uint8_t, 64 * 1024> buffer{};
    std::optional<std::error_code> result;
    std::size_t size = 0;
    socket_.async_read_some(asio::buffer(buffer), [&](const std::error_code& error, std::size_t n) {
      result = error;
      size = n;
    });
    io_.restart();
    io_.run_for(timeout_);
    if (!result) {
      socket_.cancel();
      io_.restart();
      io_.run();  // the read completes, cancelled or (if it won the race) with bytes
      if (!result || *result) return End::timeout;
    }
    if (*result == asio::error::eof) return End::eof;
    if (*result) return End::reset;
    pending_.insert(pending_.end(), buffer.begin(), buffer.begin() + static_cast<long>(size));
    return End::open;
  }

  Duration timeout_;
  asio::io_context io_;
  asio::ip::tcp::socket socket_{io_};
  wire::Bytes pending_;
  wire::FrameDecoder decoder_;
};

// The status code of a close frame, if it has one.
inline std::optional<std::uint16_t> close_code(const wire::Frame& frame) {
  if (frame.opcode != wire::opcode::close || frame.payload.size() < 2) return std::nullopt;
  return static_cast<std::uint16_t>((frame.payload[0] << 8) | frame.payload[1]);
}

}  // namespace wsconform::raw_server::testing
