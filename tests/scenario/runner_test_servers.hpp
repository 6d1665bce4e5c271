// In-test WebSocket servers for the runner tests: one correct echo server and misbehaving ones,
// each recording what it received from the harness.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "../support/loopback_server.hpp"
#include "../support/raw_ws_server_connection.hpp"
#include "wire/close_payload.hpp"

namespace wsconform::scenario::test_servers {

using asio::ip::tcp;
using test_support::LoopbackServer;
using test_support::RawWsServerConnection;

// What a server saw, shared with the test thread.
struct ServerLog {
  std::mutex mutex;
  std::vector<std::string> requests;
  std::vector<wire::Frame> frames;
  std::optional<wire::Violation> violation;
  std::atomic<int> open_connections{0};
  std::atomic<int> most_open_connections{0};

  void add_request(const std::string& request) {
    std::lock_guard lock(mutex);
    requests.push_back(request);
  }
  void add_frame(const wire::Frame& frame) {
    std::lock_guard lock(mutex);
    frames.push_back(frame);
  }
  std::vector<wire::Frame> frames_with(std::uint8_t opcode) {
    std::lock_guard lock(mutex);
    std::vector<wire::Frame> found;
    for (const auto& frame : frames) {
      if (frame.opcode == opcode) found.push_back(frame);
    }
    return found;
  }
  void opened() {
    const int now = ++open_connections;
    int most = most_open_connections.load();
    while (now > most && !most_open_connections.compare_exchange_weak(most, now)) {
    }
  }
};

using Log = std::shared_ptr<ServerLog>;

inline asio::awaitable<void> pause(tcp::socket& socket, std::chrono::milliseconds duration) {
  asio::steady_timer timer(socket.get_executor());
  timer.expires_after(duration);
  co_await timer.async_wait(asio::experimental::as_tuple(asio::use_awaitable));
}

inline std::optional<std::uint16_t> close_code_of(const wire::Frame& frame) {
  if (frame.payload.size() < 2) return std::nullopt;
  return static_cast<std::uint16_t>((frame.payload[0] << 8) | frame.payload[1]);
}

enum class CloseAnswer { echo_and_close, ignore };

// Echoes data messages (reassembled), answers pings, and answers a close by echoing its code and
// closing TCP first (§7.1.1), or (CloseAnswer::ignore) never answers it. Returns when the client is
// gone.
inline asio::awaitable<void> echo_frames(RawWsServerConnection& connection, Log log,
                                         CloseAnswer close_answer = CloseAnswer::echo_and_close) {
  std::uint8_t message_opcode = 0;
  wire::Bytes message;
  for (;;) {
    const std::optional<wire::Frame> frame = co_await connection.read_frame();
    if (!frame) break;
    log->add_frame(*frame);
    switch (frame->opcode) {
      case wire::opcode::ping:
        co_await connection.send_frame(wire::opcode::pong, frame->payload);
        break;
      case wire::opcode::close: {
        if (close_answer == CloseAnswer::ignore) break;
        const wire::Bytes code(
            frame->payload.begin(),
            frame->payload.begin() +
                static_cast<std::ptrdiff_t>(std::min<std::size_t>(2, frame->payload.size())));
        co_await connection.send_frame(wire::opcode::close, code);
        connection.socket().close();
        co_return;
      }
      case wire::opcode::text:
      case wire::opcode::binary:
        message_opcode = frame->opcode;
        message = frame->payload;
        break;
      case wire::opcode::continuation:
        message.insert(message.end(), frame->payload.begin(), frame->payload.end());
        break;
      default:
        break;
    }
    if (frame->fin && !wire::is_control_opcode(frame->opcode) && message_opcode != 0) {
      co_await connection.send_frame(message_opcode, message);
      message_opcode = 0;
    }
  }
  if (connection.violation()) {
    std::lock_guard lock(log->mutex);
    log->violation = connection.violation();
  }
}

// A correct server: real handshake (optionally after `delay`), then echo.
inline LoopbackServer::Behaviour echo_server(
    Log log, std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
  return [log, delay](tcp::socket socket) -> asio::awaitable<void> {
    log->opened();
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (request) {
      log->add_request(*request);
      if (delay.count() > 0) co_await pause(connection.socket(), delay);
      co_await connection.accept(*request);
      co_await echo_frames(connection, log);
    }
    --log->open_connections;
  };
}

// Handshakes, then echoes but never answers a close: the client has to give up and end TCP.
inline LoopbackServer::Behaviour echo_server_that_never_closes(Log log) {
  return [log](tcp::socket socket) -> asio::awaitable<void> {
    log->opened();
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (request) {
      log->add_request(*request);
      co_await connection.accept(*request);
      co_await echo_frames(connection, log, CloseAnswer::ignore);
    }
    --log->open_connections;
  };
}

// Answers 101 with a wrong Sec-WebSocket-Accept, then echoes.
inline LoopbackServer::Behaviour wrong_accept_server(Log log) {
  return [log](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    log->add_request(*request);
    co_await connection.accept(*request, std::string("dGhpcyBpcyB3cm9uZyE="));
    co_await echo_frames(connection, log);
  };
}

// Handshakes correctly, then writes `first` (raw bytes) before echoing.
inline LoopbackServer::Behaviour server_that_sends_first(Log log, wire::Bytes first,
                                                         bool in_the_same_write = false) {
  return [log, first, in_the_same_write](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    log->add_request(*request);
    if (in_the_same_write) {
      co_await connection.accept(*request, std::nullopt, first);
    } else {
      co_await connection.accept(*request);
      co_await connection.write(first);
    }
    co_await echo_frames(connection, log);
  };
}

// Reads the request and never answers; holds the connection until the client leaves.
inline LoopbackServer::Behaviour silent_server(Log log) {
  return [log](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (request) log->add_request(*request);
    co_await connection.wait_for_eof(std::chrono::seconds(30));
  };
}

// Handshakes, then reads and ignores everything.
inline LoopbackServer::Behaviour deaf_server(Log log) {
  return [log](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    co_await connection.accept(*request);
    co_await connection.wait_for_eof(std::chrono::seconds(30));
  };
}

// Handshakes, reads one frame, then resets the connection.
inline LoopbackServer::Behaviour resetting_server(Log log) {
  return [log](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    co_await connection.accept(*request);
    const auto frame = co_await connection.read_frame();
    if (frame) log->add_frame(*frame);
    connection.reset();
  };
}

// Handshakes, then floods `count` pings of 125 bytes and a FIN without ever reading.
inline LoopbackServer::Behaviour ping_flood_server(Log log, int count) {
  return [log, count](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    co_await connection.accept(*request);
    const wire::Bytes ping =
        wire::encode_frame(wire::make_frame(wire::opcode::ping, wire::Bytes(125, 0x70)));
    wire::Bytes burst;
    for (int i = 0; i < 100; ++i) burst.insert(burst.end(), ping.begin(), ping.end());
    for (int sent = 0; sent < count; sent += 100) co_await connection.write(burst);
    connection.socket().shutdown(tcp::socket::shutdown_send);
    co_await pause(connection.socket(), std::chrono::seconds(10));
  };
}

// Answers the upgrade request with `response` as it is, then holds the connection open.
inline LoopbackServer::Behaviour http_answer_server(Log log, std::string response) {
  return [log, response](tcp::socket socket) -> asio::awaitable<void> {
    RawWsServerConnection connection(std::move(socket));
    const auto request = co_await connection.read_request();
    if (!request) co_return;
    log->add_request(*request);
    co_await connection.write(wire::view_of(response));
    co_await connection.wait_for_eof(std::chrono::seconds(30));
  };
}

inline wire::Bytes server_frame(std::uint8_t opcode, std::string_view payload,
                                std::optional<wire::MaskKey> mask = std::nullopt) {
  return wire::encode_frame(wire::make_frame(opcode, wire::view_of(payload), mask));
}

inline wire::Bytes server_close(std::uint16_t code, std::string_view reason = {}) {
  return wire::encode_frame(
      wire::make_frame(wire::opcode::close, wire::encode_close_payload(code, reason)));
}

}  // namespace wsconform::scenario::test_servers
