// The completion token for awaited Asio calls that report errors as a value instead of throwing:
// `auto [error, n] = co_await socket.async_read_some(buffer, kNoThrow);`.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

namespace wsconform::net {

inline constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);

}  // namespace wsconform::net
