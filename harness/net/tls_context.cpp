#include "net/tls_context.hpp"

namespace wsconform::net {

asio::ssl::context make_client_tls_context(bool insecure) {
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1);
  if (insecure) {
    context.set_verify_mode(asio::ssl::verify_none);
  } else {
    std::error_code ignored;  // without system CA paths every verification fails, and says so
    context.set_default_verify_paths(ignored);
    context.set_verify_mode(asio::ssl::verify_peer);
  }
  return context;
}

}  // namespace wsconform::net
