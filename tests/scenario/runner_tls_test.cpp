// The runner against a wss:// target: an in-test TLS server with a throwaway self-signed
// certificate that completes the upgrade and closes normally.
#include <openssl/ssl.h>

#include <gtest/gtest.h>

#include <asio/experimental/as_tuple.hpp>
#include <asio/ssl.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <mutex>
#include <optional>
#include <string>

#include "../support/loopback_server.hpp"
#include "../support/self_signed_certificate.hpp"
#include "net/no_throw.hpp"
#include "scenario/judge/judge.hpp"
#include "scenario/runner/runner.hpp"
#include "wire/close_payload.hpp"
#include "wire/frame.hpp"
#include "wire/http.hpp"

// GCC 12 false positive on coroutine frames: it pairs Asio's inlined frame operator new
// (aligned_alloc) with the frame's own operator delete, which does free it correctly.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace wsconform::scenario {
namespace {

using asio::ip::tcp;
using namespace std::chrono_literals;
using net::kNoThrow;

class RunnerOverTls : public ::testing::Test {
 protected:
  void SetUp() override {
    pem_ = test_support::make_self_signed_certificate("localhost");
    server_context_.use_certificate_chain(asio::buffer(pem_.certificate));
    server_context_.use_private_key(asio::buffer(pem_.private_key), asio::ssl::context::pem);
    server_ = std::make_unique<test_support::LoopbackServer>(
        [this](tcp::socket socket) { return upgrade_then_close(std::move(socket)); });
  }

  // TLS handshake, 101 for the request's key, then close 1000; closes TCP once the client's
  // close has arrived (or anything else has: this server does not parse frames).
  asio::awaitable<void> upgrade_then_close(tcp::socket socket) {
    asio::ssl::stream<tcp::socket> stream(std::move(socket), server_context_);
    auto [handshake_error] =
        co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
    if (handshake_error) co_return;
    const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
    {
      std::lock_guard lock(mutex_);
      sni_seen_ = sni == nullptr ? "" : sni;
    }
    std::string request;
    char buffer[4096];
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 16384) {
      auto [error, size] = co_await stream.async_read_some(asio::buffer(buffer), kNoThrow);
      if (error) co_return;
      request.append(buffer, size);
    }
    const std::size_t key_at = request.find("Sec-WebSocket-Key: ");
    const std::string key =
        key_at == std::string::npos ? "" : request.substr(key_at + 19, 24);  // base64 of 16 bytes
    std::string response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: " +
        wire::compute_accept(key) + "\r\n\r\n";
    const wire::Bytes close = wire::encode_frame(
        wire::make_frame(wire::opcode::close, wire::encode_close_payload(1000, "bye")));
    response.append(close.begin(), close.end());
    co_await asio::async_write(stream, asio::buffer(response), kNoThrow);
    co_await stream.async_read_some(asio::buffer(buffer), kNoThrow);  // the client's close
    stream.next_layer().close();
  }

  Target target() const {
    return parse_target_url("wss://127.0.0.1:" + std::to_string(server_->port()) + "/tls", nullptr)
        .value();
  }

  Case close_case() const {
    Case c;
    c.id = "test/tls-close";
    AwaitStep await_end;
    await_end.what = AwaitStep::What::end;
    c.steps.push_back(LocatedStep{await_end, {}});
    c.expect.close = CloseExpectation{{1000}, false, false, std::nullopt};
    return c;
  }

  test_support::PemCertificate pem_;
  asio::ssl::context server_context_{asio::ssl::context::tls_server};
  std::mutex mutex_;
  std::optional<std::string> sni_seen_;  // set once a TLS handshake completed
  std::unique_ptr<test_support::LoopbackServer> server_;
};

TEST_F(RunnerOverTls, InsecureRunCompletesTheCaseOverTlsAndSendsTheGivenSni) {
  RunOptions options;
  options.insecure = true;
  options.sni = "localhost";
  options.step_timeout = 3000ms;
  const Case c = close_case();

  const Transcript t = run_case(c, target(), options);

  EXPECT_FALSE(t.harness_error.has_value()) << *t.harness_error;
  EXPECT_TRUE(t.upgraded);
  EXPECT_TRUE(t.upgrade_problems.empty());
  ASSERT_TRUE(t.server_close.has_value());
  EXPECT_EQ(t.server_close->code, std::optional<std::uint16_t>(1000));
  EXPECT_TRUE(t.client_sent_close);
  EXPECT_EQ(t.tcp_end, TcpEnd::fin);
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
  std::lock_guard lock(mutex_);
  EXPECT_EQ(sni_seen_, std::optional<std::string>("localhost"));
}

TEST_F(RunnerOverTls, AnIpTargetSendsNoSniByDefault) {
  RunOptions options;
  options.insecure = true;

  const Transcript t = run_case(close_case(), target(), options);

  EXPECT_TRUE(t.upgraded);
  std::lock_guard lock(mutex_);
  EXPECT_EQ(sni_seen_, std::optional<std::string>(""));  // RFC 6066 §3: never an IP address
}

TEST_F(RunnerOverTls, VerifiedRunRefusesAnUntrustedCertificate) {
  RunOptions options;  // verification on, against the system CAs
  const Case c = close_case();

  const Transcript t = run_case(c, target(), options);

  ASSERT_TRUE(t.harness_error.has_value());
  EXPECT_NE(t.harness_error->find("TLS handshake failed"), std::string::npos) << *t.harness_error;
  EXPECT_EQ(t.tcp_end, TcpEnd::connect_failed);
  EXPECT_FALSE(t.upgraded);
  EXPECT_EQ(judge(c, t).verdict, Verdict::error);
}

}  // namespace
}  // namespace wsconform::scenario
