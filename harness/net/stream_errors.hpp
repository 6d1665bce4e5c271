// What an error from a socket or TLS stream says about how the connection ended.
#pragma once

#include <system_error>

#include "net/connection.hpp"

namespace wsconform::net {

// `closed_locally`: close() was called, so any failure is our own abort.
ReadStatus classify_read_error(const std::error_code& error, bool closed_locally);
WriteStatus classify_write_error(const std::error_code& error, bool closed_locally);

}  // namespace wsconform::net
