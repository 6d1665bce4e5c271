// The reference target: a websocketpp echo server with opt-in fault hooks, capacity and rate
// limits, graceful stop (1001) and graceful restart (1012). Single-threaded: every handler runs on
// one io_context, so no state here needs a lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <asio.hpp>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

#include "fault_policy.hpp"
#include "target_options.hpp"
#include "token_bucket.hpp"

namespace wsconform::websocketpp_server {

class ReferenceServer {
 public:
  explicit ReferenceServer(TargetOptions options);
  ReferenceServer(const ReferenceServer&) = delete;
  ReferenceServer& operator=(const ReferenceServer&) = delete;

  // Binds, prints "listening on HOST:PORT", serves until SIGTERM/SIGINT. Returns the exit status.
  int run();

 private:
  using Endpoint = websocketpp::server<websocketpp::config::asio>;
  using Handle = websocketpp::connection_hdl;
  using MessagePtr = Endpoint::message_ptr;
  using Clock = std::chrono::steady_clock;
  enum class Phase { serving, restarting, stopping };

  void configure_endpoint();
  bool listen_on(const asio::ip::tcp::endpoint& where);
  void announce(const std::string& line);

  // connection_handlers.cpp: what happens on each connection.
  bool on_validate(Handle handle);
  bool admit(Handle handle);  // throws on the handshake fault path
  bool is_well_formed_upgrade(Endpoint::connection_type& connection);  // sets a 400 if not
  void refuse(Handle handle, const HandshakeRefusal& refusal);
  void on_open(Handle handle);
  void on_finished(Handle handle);  // close or fail: the connection is gone
  void on_message(Handle handle, MessagePtr message);
  void handle_message(Handle handle, const MessagePtr& message);    // throws on the throw trigger
  void ask_backend_for(Handle handle, const std::string& request);  // answers or closes 1011
  void end_connection(Handle handle, const ConnectionEnding& ending, const std::string& reason);
  void drop_connection(Handle handle);  // TCP shut down, no close frame

  // server_lifecycle.cpp: signals, graceful stop and restart.
  void watch_signals();
  void wait_for_signal();
  void on_signal(int signal_number);
  void begin_drain(Phase phase);
  void end_for_drain(Handle handle);
  void finish_drain_if_idle();
  void finish_drain(std::uint64_t generation);
  void finish_restart();

  TargetOptions options_;
  FaultPolicy policy_;
  asio::io_context io_;
  Endpoint endpoint_;
  asio::signal_set signals_;
  asio::steady_timer drain_timer_;
  std::uint64_t drain_generation_ = 0;  // finishing a drain bumps it, so stale wake-ups do nothing
  asio::ip::tcp::endpoint bound_;
  // Connections that passed the handshake check and have not finished yet (the capacity count).
  std::set<Handle, std::owner_less<Handle>> admitted_;
  TokenBucket message_budget_;
  std::optional<asio::ip::tcp::endpoint> backend_;  // --backend
  Phase phase_ = Phase::serving;
  int exit_status_ = 0;
};

}  // namespace wsconform::websocketpp_server
