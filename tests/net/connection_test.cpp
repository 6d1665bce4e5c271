// net::Connection against tiny in-test servers on loopback: intact bytes under any write plan, and
// FIN, RST, silence and refusal each reported as what they are, within their bounds.
#include "net/connection.hpp"

#include <gtest/gtest.h>

#include <asio/experimental/as_tuple.hpp>
#include <asio/read.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <vector>

#include "../support/loopback_server.hpp"
#include "../support/run_coroutine.hpp"
#include "net/no_throw.hpp"

// GCC 12 false positive on coroutine frames: it pairs Asio's inlined frame operator new
// (aligned_alloc) with the frame's own operator delete, which does free it correctly.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace wsconform::net {
namespace {

using asio::ip::tcp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
using test_support::LoopbackServer;
using test_support::run_coroutine;

wire::Bytes pattern(std::size_t size) {
  wire::Bytes bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>(i * 7 + i / 251);
  return bytes;
}

// Reads until EOF and hands over everything it got.
LoopbackServer::Behaviour collect_until_eof(std::shared_ptr<std::promise<wire::Bytes>> received) {
  return [received](tcp::socket socket) -> asio::awaitable<void> {
    wire::Bytes all;
    std::uint8_t buffer[4096];
    for (;;) {
      auto [error, size] = co_await socket.async_read_some(asio::buffer(buffer), kNoThrow);
      all.insert(all.end(), buffer, buffer + size);
      if (error) break;
    }
    received->set_value(std::move(all));
  };
}

// Writes `bytes`, ends its side with a FIN, then waits for the client to close.
LoopbackServer::Behaviour send_then_fin(wire::Bytes bytes) {
  return [bytes](tcp::socket socket) -> asio::awaitable<void> {
    co_await asio::async_write(socket, asio::buffer(bytes), kNoThrow);
    socket.shutdown(tcp::socket::shutdown_send);
    std::uint8_t buffer[64];
    co_await socket.async_read_some(asio::buffer(buffer), kNoThrow);
  };
}

// Resets the connection as soon as it is accepted (SO_LINGER 0, then close).
LoopbackServer::Behaviour reset_at_once() {
  return [](tcp::socket socket) -> asio::awaitable<void> {
    socket.set_option(asio::socket_base::linger(true, 0));
    socket.close();
    co_return;
  };
}

// Says nothing and keeps the connection open until the client closes it.
LoopbackServer::Behaviour stay_silent() {
  return [](tcp::socket socket) -> asio::awaitable<void> {
    std::uint8_t buffer[64];
    for (;;) {
      auto [error, size] = co_await socket.async_read_some(asio::buffer(buffer), kNoThrow);
      if (error) co_return;
    }
  };
}

ConnectOptions quick_connect() {
  ConnectOptions options;
  options.timeout = milliseconds(2000);
  return options;
}

TEST(Connection, WritePiecesArriveIntactAndInOrder) {
  auto received = std::make_shared<std::promise<wire::Bytes>>();
  auto arrived = received->get_future();
  LoopbackServer server(collect_until_eof(received));
  const wire::Bytes data = pattern(1000);

  const auto pieces = run_coroutine(
      [&](asio::any_io_executor executor) -> asio::awaitable<std::vector<std::size_t>> {
        Connection connection(executor);
        const ConnectResult connected =
            co_await connection.connect("127.0.0.1", server.port(), quick_connect());
        EXPECT_TRUE(connected.ok()) << connected.message;
        std::vector<std::size_t> sizes;
        WritePlan plan{{1, 1, 3}, 100, milliseconds(0)};
        const WriteResult written =
            co_await connection.write(data, plan, milliseconds(2000),
                                      [&](wire::ByteView piece) { sizes.push_back(piece.size()); });
        EXPECT_EQ(written.status, WriteStatus::ok);
        EXPECT_EQ(written.bytes_written, data.size());
        connection.close();
        co_return sizes;
      });

  const std::vector<std::size_t> expected_pieces = {1,   1,   3,   100, 100, 100, 100,
                                                    100, 100, 100, 100, 100, 95};
  EXPECT_EQ(pieces, expected_pieces);
  ASSERT_EQ(arrived.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(arrived.get(), data);
}

TEST(Connection, ChopWithDelayPausesBetweenWrites) {
  auto received = std::make_shared<std::promise<wire::Bytes>>();
  auto arrived = received->get_future();
  LoopbackServer server(collect_until_eof(received));
  const wire::Bytes data = pattern(6);

  const auto elapsed =
      run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<steady_clock::duration> {
        Connection connection(executor);
        co_await connection.connect("127.0.0.1", server.port(), quick_connect());
        const auto start = steady_clock::now();
        int writes = 0;
        WritePlan plan{{}, 1, milliseconds(5)};
        co_await connection.write(data, plan, milliseconds(2000),
                                  [&](wire::ByteView) { ++writes; });
        const auto took = steady_clock::now() - start;
        EXPECT_EQ(writes, 6);
        connection.close();
        co_return took;
      });

  EXPECT_GE(elapsed, milliseconds(25));  // five pauses between six one-byte writes
  ASSERT_EQ(arrived.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(arrived.get(), data);
}

TEST(Connection, FinIsReportedAfterTheLastBytes) {
  LoopbackServer server(send_then_fin(wire::bytes_of("goodbye")));

  run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<void> {
    Connection connection(executor);
    co_await connection.connect("127.0.0.1", server.port(), quick_connect());
    wire::Bytes got;
    ReadResult result;
    for (int reads = 0; reads < 100; ++reads) {
      result = co_await connection.read_some(milliseconds(2000));
      if (result.status != ReadStatus::data) break;
      got.insert(got.end(), result.bytes.begin(), result.bytes.end());
    }
    EXPECT_EQ(wire::string_of(got), "goodbye");
    EXPECT_EQ(result.status, ReadStatus::fin);
    connection.close();
  });
}

TEST(Connection, ResetIsReportedAsRstOnReadAndOnWrite) {
  LoopbackServer server(reset_at_once());

  run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<void> {
    Connection connection(executor);
    const ConnectResult connected =
        co_await connection.connect("127.0.0.1", server.port(), quick_connect());
    if (!connected.ok()) {
      // On a loaded machine the reset can land before the connect completes: it is seen there.
      EXPECT_EQ(connected.error, asio::error::connection_reset) << connected.message;
      co_return;
    }
    const ReadResult read = co_await connection.read_some(milliseconds(2000));
    EXPECT_EQ(read.status, ReadStatus::rst)
        << read_status_name(read.status) << " " << read.error.message();
    const wire::Bytes data = pattern(100);
    const WriteResult written = co_await connection.write(data, {}, milliseconds(2000));
    EXPECT_EQ(written.status, WriteStatus::rst) << write_status_name(written.status);
    connection.close();
  });
}

TEST(Connection, SilenceIsATimeoutWithinItsBound) {
  LoopbackServer server(stay_silent());

  const auto elapsed =
      run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<steady_clock::duration> {
        Connection connection(executor);
        co_await connection.connect("127.0.0.1", server.port(), quick_connect());
        const auto start = steady_clock::now();
        const ReadResult read = co_await connection.read_some(milliseconds(100));
        const auto took = steady_clock::now() - start;
        EXPECT_EQ(read.status, ReadStatus::timeout);
        EXPECT_TRUE(connection.is_open());  // a timeout leaves the connection usable
        connection.close();
        co_return took;
      });

  EXPECT_GE(elapsed, milliseconds(100));
  EXPECT_LT(elapsed, milliseconds(1000));
}

TEST(Connection, CloseAbortsAPendingReadAtOnce) {
  LoopbackServer server(stay_silent());

  const auto elapsed =
      run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<steady_clock::duration> {
        Connection connection(executor);
        co_await connection.connect("127.0.0.1", server.port(), quick_connect());
        asio::steady_timer closer(executor);
        closer.expires_after(milliseconds(20));
        closer.async_wait([&](std::error_code) { connection.close(); });
        const auto start = steady_clock::now();
        const ReadResult read = co_await connection.read_some(std::chrono::seconds(10));
        EXPECT_EQ(read.status, ReadStatus::aborted);
        co_return steady_clock::now() - start;
      });

  EXPECT_LT(elapsed, milliseconds(2000));
}

TEST(Connection, ReadsNeverExceedTheBufferAndLoseNothing) {
  const wire::Bytes big = pattern(300 * 1024);
  LoopbackServer server(send_then_fin(big));

  run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<void> {
    Connection connection(executor);
    co_await connection.connect("127.0.0.1", server.port(), quick_connect());
    wire::Bytes got;
    for (int reads = 0; reads < 10000; ++reads) {
      const ReadResult result = co_await connection.read_some(milliseconds(2000));
      if (result.status != ReadStatus::data) {
        EXPECT_EQ(result.status, ReadStatus::fin);
        break;
      }
      EXPECT_LE(result.bytes.size(), Connection::kReadBufferSize);
      got.insert(got.end(), result.bytes.begin(), result.bytes.end());
    }
    EXPECT_EQ(got, big);
    connection.close();
  });
}

TEST(Connection, RefusedConnectIsReported) {
  std::uint16_t closed_port = 0;
  {
    asio::io_context io;
    tcp::acceptor probe(io, {asio::ip::address_v4::loopback(), 0});
    closed_port = probe.local_endpoint().port();
  }  // nothing listens there any more

  const ConnectResult result =
      run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<ConnectResult> {
        Connection connection(executor);
        co_return co_await connection.connect("127.0.0.1", closed_port, quick_connect());
      });

  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.error, asio::error::connection_refused) << result.message;
  EXPECT_NE(result.message.find("127.0.0.1"), std::string::npos) << result.message;
}

TEST(Connection, UnresolvableHostIsReported) {
  const ConnectResult result =
      run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<ConnectResult> {
        Connection connection(executor);
        co_return co_await connection.connect("no-such-host.invalid", 80, quick_connect());
      });

  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.message.find("no-such-host.invalid"), std::string::npos) << result.message;
}

TEST(Connection, HostNameResolvesToTheLoopbackServer) {
  auto received = std::make_shared<std::promise<wire::Bytes>>();
  auto arrived = received->get_future();
  LoopbackServer server(collect_until_eof(received));

  run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<void> {
    Connection connection(executor);
    const ConnectResult connected =
        co_await connection.connect("localhost", server.port(), quick_connect());
    EXPECT_TRUE(connected.ok()) << connected.message;
    EXPECT_EQ(connected.peer, "127.0.0.1:" + std::to_string(server.port()));
    const wire::Bytes hello = wire::bytes_of("hello");
    co_await connection.write(hello, {}, milliseconds(2000));
    connection.close();
  });

  ASSERT_EQ(arrived.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(wire::string_of(arrived.get()), "hello");
}

TEST(Connection, Ipv6LoopbackWorks) {
  std::unique_ptr<LoopbackServer> server;
  auto received = std::make_shared<std::promise<wire::Bytes>>();
  auto arrived = received->get_future();
  try {
    server = std::make_unique<LoopbackServer>(collect_until_eof(received),
                                              asio::ip::address_v6::loopback());
  } catch (const std::system_error& error) {
    GTEST_SKIP() << "no IPv6 loopback here: " << error.what();
  }

  run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<void> {
    Connection connection(executor);
    const ConnectResult connected =
        co_await connection.connect("::1", server->port(), quick_connect());
    EXPECT_TRUE(connected.ok()) << connected.message;
    EXPECT_EQ(connected.peer, "[::1]:" + std::to_string(server->port()));
    const wire::Bytes hello = wire::bytes_of("over v6");
    co_await connection.write(hello, {}, milliseconds(2000));
    connection.close();
  });

  ASSERT_EQ(arrived.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(wire::string_of(arrived.get()), "over v6");
}

}  // namespace
}  // namespace wsconform::net
