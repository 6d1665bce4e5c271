// Before a run: can the target be reached at all? One TCP connect, so that a wrong port or host
// gives one clear error instead of hundreds of failed cases.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace wsconform::cli {

// nullopt when a TCP connection to host:port succeeded within `timeout` (it is closed again);
// otherwise why not ("connection refused", "no such host", "timed out after 3000 ms").
std::optional<std::string> tcp_connect_problem(const std::string& host, std::uint16_t port,
                                               std::chrono::milliseconds timeout);

}  // namespace wsconform::cli
