// What the reference target answers in each fault situation: the correct RFC 6455 / HTTP answer,
// or the one deliberately wrong answer a --broken mode asks for. Pure: no I/O, no websocketpp.
#pragma once

#include <cstdint>
#include <string_view>

#include "target_options.hpp"

namespace wsconform::websocketpp_server {

// The fault triggers; they exist only with --enable-faults.
inline constexpr std::string_view kThrowTrigger = "wsconform:throw";
inline constexpr std::string_view kRestartTrigger = "wsconform:restart";
inline constexpr std::string_view kHandshakeThrowPath = "/fault/handshake-throw";
// With --backend: a text message starting with this is answered by the backend, not echoed.
inline constexpr std::string_view kBackendPrefix = "wsconform:backend";

// How a live connection ends: a close frame with `close_code`, or TCP dropped with no close frame.
struct ConnectionEnding {
  bool send_close_frame = true;
  std::uint16_t close_code = 0;
};

// An HTTP answer that refuses the upgrade.
struct HandshakeRefusal {
  int status = 0;
  bool retry_after = false;  // add "Retry-After: 1"
};

class FaultPolicy {
 public:
  explicit FaultPolicy(const TargetOptions& options) : options_(options) {}

  bool faults_enabled() const { return options_.enable_faults; }
  // Only with --enable-faults; the resource's query string is ignored.
  bool is_handshake_fault_path(std::string_view resource) const;
  bool is_throw_trigger(std::string_view text) const;
  bool is_restart_trigger(std::string_view text) const;

  ConnectionEnding on_handler_exception() const;
  // The backend did not answer: the server cannot do what was asked (like a handler failure).
  ConnectionEnding on_backend_failure() const { return on_handler_exception(); }
  ConnectionEnding on_message_overload() const;
  ConnectionEnding on_restart() const;
  ConnectionEnding on_shutdown() const;
  ConnectionEnding on_unread_backlog() const;
  HandshakeRefusal on_handshake_exception() const;
  HandshakeRefusal on_capacity_exceeded() const;
  HandshakeRefusal on_draining() const;

 private:
  const TargetOptions& options_;
};

}  // namespace wsconform::websocketpp_server
