// The reference target's backend dependency: a TCP service it asks on behalf of a client (with
// --backend HOST:PORT). One request: connect, write the payload, read as many bytes back, all
// within a time limit; the answer (or its absence) goes to a callback on the server's io_context.
#pragma once

// A standard header before Asio, so this unit picks the same handler allocator as the others
// (harness/net/asio_prelude.hpp explains; ASan reports alloc-dealloc-mismatch otherwise).
#include <chrono>

#include <asio.hpp>
#include <functional>
#include <optional>
#include <string>

namespace wsconform::websocketpp_server {

using BackendAnswer = std::function<void(std::optional<std::string> reply)>;

// Asks once; `answer` gets nullopt if the backend is unreachable, slow or answers short.
void ask_backend(asio::io_context& io, const asio::ip::tcp::endpoint& backend, std::string request,
                 std::chrono::milliseconds timeout, BackendAnswer answer);

}  // namespace wsconform::websocketpp_server
