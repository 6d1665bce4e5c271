// The client TLS context for wss:// targets: one per run, shared by every connection.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/ssl/context.hpp>

namespace wsconform::net {

// TLS 1.2 or later. Verifies the server against the system CA paths unless `insecure`.
asio::ssl::context make_client_tls_context(bool insecure);

}  // namespace wsconform::net
