// The backend stand-in over 127.0.0.1: echoes, forwards to an upstream, refuses while down and
// serves again once up.
#include <gtest/gtest.h>

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio.hpp>
#include <string>

#include "faults/backend_stub.hpp"
#include "faults/fault_environment.hpp"

namespace wsconform::faults {
namespace {

// Connects, writes `text`, reads as many bytes back; nullopt on any failure.
std::optional<std::string> ask(std::uint16_t port, const std::string& text) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  asio::error_code error;
  socket.connect({asio::ip::address_v4::loopback(), port}, error);
  if (error) return std::nullopt;
  asio::write(socket, asio::buffer(text), error);
  if (error) return std::nullopt;
  std::string reply(text.size(), '\0');
  asio::read(socket, asio::buffer(reply), error);
  if (error) return std::nullopt;
  return reply;
}

TEST(BackendStub, EchoesThenRefusesWhileDownThenEchoesAgain) {
  const std::uint16_t port = free_loopback_port();
  BackendStub stub({"127.0.0.1", port}, std::nullopt);
  std::string error;
  ASSERT_TRUE(stub.start(error)) << error;
  EXPECT_EQ(ask(port, "hello"), std::optional<std::string>("hello"));
  EXPECT_EQ(stub.set_up(false), "");
  EXPECT_FALSE(stub.up());
  EXPECT_EQ(ask(port, "hello"), std::nullopt);
  EXPECT_EQ(stub.set_up(true), "");
  EXPECT_EQ(ask(port, "again"), std::optional<std::string>("again"));
  EXPECT_EQ(stub.set_up(false), "");
  EXPECT_EQ(stub.set_up(true), "");
  EXPECT_EQ(ask(port, "and again"), std::optional<std::string>("and again"));
  EXPECT_GE(stub.connections_served(), 3u);
}

TEST(BackendStub, ForwardsToItsUpstream) {
  const std::uint16_t upstream_port = free_loopback_port();
  BackendStub upstream({"127.0.0.1", upstream_port}, std::nullopt);  // an echo as the real one
  std::string error;
  ASSERT_TRUE(upstream.start(error)) << error;
  const std::uint16_t port = free_loopback_port();
  BackendStub proxy({"127.0.0.1", port}, HostPort{"127.0.0.1", upstream_port});
  ASSERT_TRUE(proxy.start(error)) << error;
  EXPECT_EQ(ask(port, "through"), std::optional<std::string>("through"));
  EXPECT_EQ(upstream.connections_served(), 1u);
}

TEST(BackendStub, ParsesHostPort) {
  EXPECT_EQ(parse_host_port("127.0.0.1:80")->port, 80);
  EXPECT_EQ(parse_host_port("[::1]:7001")->host, "::1");
  EXPECT_FALSE(parse_host_port("127.0.0.1"));
  EXPECT_FALSE(parse_host_port("127.0.0.1:0"));
  EXPECT_FALSE(parse_host_port("127.0.0.1:65536"));
  EXPECT_FALSE(parse_host_port(":80"));
}

}  // namespace
}  // namespace wsconform::faults
