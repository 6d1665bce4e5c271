// net::Connection over TLS against an in-test TLS echo server with a throwaway self-signed
// certificate: SNI is sent, verification refuses what it should, data and FIN get through.
#include <openssl/ssl.h>

#include <gtest/gtest.h>

#include <asio/experimental/as_tuple.hpp>
#include <asio/ssl.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <future>
#include <memory>
#include <mutex>

#include "../support/loopback_server.hpp"
#include "../support/run_coroutine.hpp"
#include "../support/self_signed_certificate.hpp"
#include "net/connection.hpp"
#include "net/no_throw.hpp"
#include "net/tls_context.hpp"

// GCC 12 false positive on coroutine frames: it pairs Asio's inlined frame operator new
// (aligned_alloc) with the frame's own operator delete, which does free it correctly.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace wsconform::net {
namespace {

using asio::ip::tcp;
using std::chrono::milliseconds;
using test_support::LoopbackServer;
using test_support::run_coroutine;

class TlsConnection : public ::testing::Test {
 protected:
  void SetUp() override {
    pem_ = test_support::make_self_signed_certificate("localhost");
    server_context_.use_certificate_chain(asio::buffer(pem_.certificate));
    server_context_.use_private_key(asio::buffer(pem_.private_key), asio::ssl::context::pem);
    server_ = std::make_unique<LoopbackServer>(echo_once_then_close());
  }

  // Completes the TLS handshake, records the SNI it saw, echoes one read, then closes TCP.
  LoopbackServer::Behaviour echo_once_then_close() {
    return [this](tcp::socket socket) -> asio::awaitable<void> {
      asio::ssl::stream<tcp::socket> stream(std::move(socket), server_context_);
      auto [handshake_error] =
          co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
      if (handshake_error) co_return;
      const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
      std::call_once(sni_recorded_, [&] { sni_seen_.set_value(sni == nullptr ? "" : sni); });
      char buffer[256];
      auto [read_error, size] = co_await stream.async_read_some(asio::buffer(buffer), kNoThrow);
      if (read_error) co_return;
      co_await asio::async_write(stream, asio::buffer(buffer, size), kNoThrow);
      stream.next_layer().close();  // no close_notify: a bare TCP FIN
    };
  }

  ConnectOptions tls_options(asio::ssl::context& context, std::string verify_host) {
    ConnectOptions options;
    options.timeout = milliseconds(3000);
    options.tls = &context;
    options.sni = "localhost";
    options.verify_host = std::move(verify_host);
    return options;
  }

  test_support::PemCertificate pem_;
  asio::ssl::context server_context_{asio::ssl::context::tls_server};
  std::promise<std::string> sni_seen_;
  std::once_flag sni_recorded_;
  std::unique_ptr<LoopbackServer> server_;
};

TEST_F(TlsConnection, InsecureConnectSendsSniAndEchoesThenSeesFin) {
  asio::ssl::context client_context = make_client_tls_context(/*insecure=*/true);
  auto sni = sni_seen_.get_future();

  run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<void> {
    Connection connection(executor);
    const ConnectResult connected =
        co_await connection.connect("127.0.0.1", server_->port(), tls_options(client_context, ""));
    EXPECT_TRUE(connected.ok()) << connected.message;
    EXPECT_TRUE(connection.is_tls());
    const wire::Bytes hello = wire::bytes_of("hello over tls");
    const WriteResult written = co_await connection.write(hello, {}, milliseconds(2000));
    EXPECT_EQ(written.status, WriteStatus::ok);
    wire::Bytes got;
    ReadResult result;
    for (int reads = 0; reads < 100; ++reads) {
      result = co_await connection.read_some(milliseconds(2000));
      if (result.status != ReadStatus::data) break;
      got.insert(got.end(), result.bytes.begin(), result.bytes.end());
    }
    EXPECT_EQ(wire::string_of(got), "hello over tls");
    EXPECT_EQ(result.status, ReadStatus::fin) << read_status_name(result.status);
    connection.close();
  });

  ASSERT_EQ(sni.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(sni.get(), "localhost");
}

TEST_F(TlsConnection, VerificationAgainstSystemCasRefusesASelfSignedCertificate) {
  asio::ssl::context client_context = make_client_tls_context(/*insecure=*/false);

  const ConnectResult result =
      run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<ConnectResult> {
        Connection connection(executor);
        co_return co_await connection.connect("127.0.0.1", server_->port(),
                                              tls_options(client_context, "localhost"));
      });

  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.message.find("TLS handshake failed"), std::string::npos) << result.message;
}

TEST_F(TlsConnection, VerificationChecksTheHostName) {
  asio::ssl::context client_context = make_client_tls_context(/*insecure=*/false);
  client_context.add_certificate_authority(asio::buffer(pem_.certificate));

  const auto connect_as = [&](std::string verify_host) {
    return run_coroutine([&](asio::any_io_executor executor) -> asio::awaitable<ConnectResult> {
      Connection connection(executor);
      co_return co_await connection.connect("127.0.0.1", server_->port(),
                                            tls_options(client_context, verify_host));
    });
  };

  const ConnectResult trusted = connect_as("localhost");
  EXPECT_TRUE(trusted.ok()) << trusted.message;
  const ConnectResult wrong_name = connect_as("other.example");
  EXPECT_FALSE(wrong_name.ok());
  EXPECT_NE(wrong_name.message.find("TLS handshake failed"), std::string::npos)
      << wrong_name.message;
}

}  // namespace
}  // namespace wsconform::net
