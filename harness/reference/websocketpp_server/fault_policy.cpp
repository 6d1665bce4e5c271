#include "fault_policy.hpp"

namespace wsconform::websocketpp_server {
namespace {

constexpr std::uint16_t kGoingAway = 1001;        // RFC 6455 §7.4.1
constexpr std::uint16_t kPolicyViolation = 1008;  // RFC 6455 §7.4.1
constexpr std::uint16_t kInternalError = 1011;    // RFC 6455 §7.4.1 / IANA registry
constexpr std::uint16_t kServiceRestart = 1012;   // IANA WebSocket close-code registry
constexpr std::uint16_t kTryAgainLater = 1013;    // IANA WebSocket close-code registry
constexpr int kBadRequest = 400;
constexpr int kInternalServerError = 500;
constexpr int kServiceUnavailable = 503;

constexpr ConnectionEnding close_with(std::uint16_t code) {
  return {true, code};
}
constexpr ConnectionEnding drop_tcp() {
  return {false, 0};
}

}  // namespace

bool FaultPolicy::is_handshake_fault_path(std::string_view resource) const {
  if (!options_.enable_faults) return false;
  return resource.substr(0, resource.find('?')) == kHandshakeThrowPath;
}

bool FaultPolicy::is_throw_trigger(std::string_view text) const {
  return options_.enable_faults && text == kThrowTrigger;
}

bool FaultPolicy::is_restart_trigger(std::string_view text) const {
  return options_.enable_faults && text == kRestartTrigger;
}

ConnectionEnding FaultPolicy::on_handler_exception() const {
  if (options_.is_broken(BrokenMode::drop_on_exception)) return drop_tcp();
  // §7.4.1 1011: the server hit an unexpected condition; say so in a close frame, not a bare drop.
  return close_with(kInternalError);
}

ConnectionEnding FaultPolicy::on_message_overload() const {
  if (options_.is_broken(BrokenMode::close_1011_on_overload)) return close_with(kInternalError);
  // IANA 1013 "try again later": overloaded but still running; the client should back off.
  return close_with(kTryAgainLater);
}

ConnectionEnding FaultPolicy::on_restart() const {
  if (options_.is_broken(BrokenMode::no_1012_on_restart)) return drop_tcp();
  // IANA 1012 "service restart": planned; the client should reconnect after a short delay.
  return close_with(kServiceRestart);
}

ConnectionEnding FaultPolicy::on_shutdown() const {
  // §7.4.1 1001 "going away": the server is shutting down.
  return close_with(kGoingAway);
}

ConnectionEnding FaultPolicy::on_unread_backlog() const {
  // §7.4.1 1008: the client keeps sending but never reads its echoes; we will not buffer forever.
  return close_with(kPolicyViolation);
}

HandshakeRefusal FaultPolicy::on_handshake_exception() const {
  if (options_.is_broken(BrokenMode::status_400_on_fault)) return {kBadRequest, false};
  // RFC 9110 §15.6.1: 500 for an unexpected condition; the request itself was fine, so not 400.
  return {kInternalServerError, false};
}

HandshakeRefusal FaultPolicy::on_capacity_exceeded() const {
  // RFC 9110 §15.6.4: 503 when temporarily overloaded, with Retry-After saying when to come back.
  const int status = options_.is_broken(BrokenMode::status_500_on_overload) ? kInternalServerError
                                                                            : kServiceUnavailable;
  return {status, !options_.is_broken(BrokenMode::no_retry_after)};
}

HandshakeRefusal FaultPolicy::on_draining() const {
  // While restarting or stopping nothing new is admitted: 503, retry shortly (RFC 9110 §15.6.4).
  return {kServiceUnavailable, true};
}

}  // namespace wsconform::websocketpp_server
