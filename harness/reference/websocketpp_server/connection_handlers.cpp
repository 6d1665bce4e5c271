// ReferenceServer: what happens on each connection (admission, echo, fault hooks, overload).
#include <exception>
#include <iostream>
#include <stdexcept>

#include "backend_client.hpp"
#include "handshake_rules.hpp"
#include "reference_server.hpp"

#include <websocketpp/utf8_validator.hpp>

namespace wsconform::websocketpp_server {
namespace {

// Echoes a client does not read pile up in the send queue; past this the connection is closed.
std::size_t max_unread_backlog(std::size_t max_message_size) {
  return 2 * max_message_size + (1u << 20);
}

// A backend slower than this counts as down.
constexpr std::chrono::milliseconds kBackendTimeout{1000};

}  // namespace

bool ReferenceServer::on_validate(Handle handle) {
  try {
    return admit(handle);
  } catch (const std::exception& error) {
    if (options_.verbose)
      std::cerr << "wsconform-websocketpp-server: handshake handler: " << error.what() << "\n";
    refuse(handle, policy_.on_handshake_exception());
    return false;
  }
}

bool ReferenceServer::admit(Handle handle) {
  const auto connection = endpoint_.get_con_from_hdl(handle);
  if (!is_well_formed_upgrade(*connection)) return false;
  if (phase_ != Phase::serving) {
    refuse(handle, policy_.on_draining());
    return false;
  }
  if (policy_.is_handshake_fault_path(connection->get_resource())) {
    throw std::runtime_error("fault hook: " + std::string(kHandshakeThrowPath));
  }
  if (options_.max_connections != 0 && admitted_.size() >= options_.max_connections) {
    refuse(handle, policy_.on_capacity_exceeded());
    return false;
  }
  admitted_.insert(handle);
  return true;
}

bool ReferenceServer::is_well_formed_upgrade(Endpoint::connection_type& connection) {
  const auto& request = connection.get_request();
  // RFC 6455 §4.2.1/§4.2.2: a request that does not match the description gets 400 Bad Request.
  if (!is_valid_websocket_key(request.get_header("Sec-WebSocket-Key"))) {
    connection.set_status(websocketpp::http::status_code::bad_request);
    return false;
  }
  // §4.2.2 step 4 / §4.4: with the error, name the version this server speaks.
  if (!is_version_13(request.get_header("Sec-WebSocket-Version"))) {
    connection.set_status(websocketpp::http::status_code::bad_request);
    connection.replace_header("Sec-WebSocket-Version", "13");
    return false;
  }
  return true;
}

void ReferenceServer::refuse(Handle handle, const HandshakeRefusal& refusal) {
  websocketpp::lib::error_code error;
  const auto connection = endpoint_.get_con_from_hdl(handle, error);
  if (error) return;
  try {
    connection->set_status(static_cast<websocketpp::http::status_code::value>(refusal.status));
    // RFC 9110 §10.2.3: Retry-After tells an overloaded client when to come back (seconds).
    if (refusal.retry_after) connection->append_header("Retry-After", "1");
  } catch (const std::exception& failure) {
    // Only possible in the wrong connection state; websocketpp then answers 400 on its own.
    std::cerr << "wsconform-websocketpp-server: cannot set the refusal: " << failure.what() << "\n";
  }
}

void ReferenceServer::on_open(Handle handle) {
  // Admitted just before a restart or stop began: it gets the same ending as everyone else.
  if (phase_ != Phase::serving) end_for_drain(handle);
}

void ReferenceServer::on_finished(Handle handle) {
  admitted_.erase(handle);
  if (phase_ != Phase::serving) finish_drain_if_idle();
}

void ReferenceServer::on_message(Handle handle, MessagePtr message) {
  try {
    handle_message(handle, message);
  } catch (const std::exception& error) {
    // The handler failed: only this connection ends, the server carries on.
    if (options_.verbose)
      std::cerr << "wsconform-websocketpp-server: message handler: " << error.what() << "\n";
    end_connection(handle, policy_.on_handler_exception(), "internal server error");
  }
}

void ReferenceServer::handle_message(Handle handle, const MessagePtr& message) {
  if (!message_budget_.try_take(Clock::now())) {
    end_connection(handle, policy_.on_message_overload(), "overloaded, try again later");
    return;
  }
  const auto opcode = message->get_opcode();
  const std::string& payload = message->get_payload();
  if (opcode == websocketpp::frame::opcode::text) {
    // RFC 6455 §8.1: invalid UTF-8 MUST fail the connection (1007). websocketpp 0.8.2 misses a
    // character cut off at the end of a fragmented message: its end-of-message check looks at
    // the last frame's opcode (continuation), not the message's (hybi13.hpp, finalize_message).
    if (!websocketpp::utf8_validator::validate(payload)) {
      end_connection(handle, {true, websocketpp::close::status::invalid_payload},
                     "invalid UTF-8 in a text message");
      return;
    }
    if (policy_.is_throw_trigger(payload)) {
      throw std::runtime_error("fault hook: " + std::string(kThrowTrigger));
    }
    if (policy_.is_restart_trigger(payload)) {
      begin_drain(Phase::restarting);
      return;
    }
    if (backend_ && payload.rfind(kBackendPrefix, 0) == 0) {
      ask_backend_for(handle, payload);
      return;
    }
  }
  const auto connection = endpoint_.get_con_from_hdl(handle);
  if (connection->get_buffered_amount() > max_unread_backlog(options_.max_message_size)) {
    end_connection(handle, policy_.on_unread_backlog(), "echoes are not being read");
    return;
  }
  // The echo: same payload, same opcode (text stays text, binary stays binary).
  const auto error = connection->send(payload, opcode);
  if (error && options_.verbose)
    std::cerr << "wsconform-websocketpp-server: echo: " << error.message() << "\n";
}

void ReferenceServer::ask_backend_for(Handle handle, const std::string& request) {
  ask_backend(io_, *backend_, request, kBackendTimeout,
              [this, handle](std::optional<std::string> reply) {
                if (!reply) {
                  // RFC 6455 §7.4.1 1011: the server could not fulfil the request (its dependency
                  // failed).
                  end_connection(handle, policy_.on_backend_failure(), "backend unavailable");
                  return;
                }
                websocketpp::lib::error_code error;
                const auto connection = endpoint_.get_con_from_hdl(handle, error);
                if (error || connection->get_state() != websocketpp::session::state::open) return;
                connection->send(*reply, websocketpp::frame::opcode::text);
              });
}

void ReferenceServer::end_connection(Handle handle, const ConnectionEnding& ending,
                                     const std::string& reason) {
  websocketpp::lib::error_code error;
  const auto connection = endpoint_.get_con_from_hdl(handle, error);
  if (error || connection->get_state() != websocketpp::session::state::open) return;
  if (ending.send_close_frame) {
    connection->close(ending.close_code, reason, error);
  } else {
    drop_connection(handle);
  }
}

void ReferenceServer::drop_connection(Handle handle) {
  websocketpp::lib::error_code error;
  const auto connection = endpoint_.get_con_from_hdl(handle, error);
  if (error || connection->get_state() == websocketpp::session::state::closed) return;
  connection->terminate(websocketpp::error::make_error_code(websocketpp::error::general));
}

}  // namespace wsconform::websocketpp_server
