// Before a run: can the target be reached at all, and does it speak HTTP? One TCP connect, so
// that a wrong port or host gives one clear error instead of hundreds of failed cases; on that
// same connection, for ws:// targets, one valid WebSocket handshake, so that a server that never
// answers, or answers with something other than HTTP, ends the run at once instead of making
// every case wait out its timeout. A connection closed without a word is no problem here: the
// cases record and grade that quickly.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "scenario/model/run.hpp"

namespace wsconform::cli {

// How long each preflight step (connect, then the handshake's first bytes) may take.
inline constexpr std::chrono::milliseconds kPreflightTimeout{3000};

// The preflight of `run`, `replay` and `fuzz`: nullopt when `target` can be reached and, for
// ws://, answers a handshake like an HTTP server; otherwise the whole message for the user
// ("cannot reach the target URL (host:port): connection refused", "cannot test the target ...").
std::optional<std::string> target_preflight_problem(const scenario::Target& target);

}  // namespace wsconform::cli
