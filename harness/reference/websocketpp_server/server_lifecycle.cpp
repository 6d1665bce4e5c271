// ReferenceServer: signals, graceful stop (close 1001) and graceful restart (close 1012).
#include <chrono>
#include <csignal>
#include <vector>

#include "reference_server.hpp"

namespace wsconform::websocketpp_server {
namespace {

// How long a stop or restart waits for clients to finish their close handshakes.
constexpr auto kDrainLimit = std::chrono::seconds(2);

}  // namespace

void ReferenceServer::watch_signals() {
  signals_.add(SIGTERM);
  signals_.add(SIGINT);
  // SIGHUP is a restart trigger, and triggers exist only with --enable-faults.
  if (options_.enable_faults) signals_.add(SIGHUP);
  wait_for_signal();
}

void ReferenceServer::wait_for_signal() {
  signals_.async_wait([this](const asio::error_code& error, int signal_number) {
    if (error) return;
    on_signal(signal_number);
    wait_for_signal();
  });
}

void ReferenceServer::on_signal(int signal_number) {
  begin_drain(signal_number == SIGHUP ? Phase::restarting : Phase::stopping);
}

void ReferenceServer::begin_drain(Phase phase) {
  if (phase_ == Phase::stopping) return;  // already on the way out
  if (phase_ == Phase::restarting && phase == Phase::restarting) return;
  const bool already_draining = phase_ != Phase::serving;
  phase_ = phase;

  websocketpp::lib::error_code error;
  if (endpoint_.is_listening()) endpoint_.stop_listening(error);
  if (!already_draining) {
    drain_timer_.expires_after(kDrainLimit);
    drain_timer_.async_wait([this, generation = drain_generation_](const asio::error_code& wait) {
      if (!wait) finish_drain(generation);
    });
  }
  // end_for_drain may finish a connection at once, which edits admitted_: walk a copy.
  const std::vector<Handle> live(admitted_.begin(), admitted_.end());
  for (const auto& handle : live) end_for_drain(handle);
  finish_drain_if_idle();
}

void ReferenceServer::end_for_drain(Handle handle) {
  if (phase_ == Phase::restarting) {
    end_connection(handle, policy_.on_restart(), "service restart");
  } else {
    end_connection(handle, policy_.on_shutdown(), "server shutting down");
  }
}

void ReferenceServer::finish_drain_if_idle() {
  if (!admitted_.empty()) return;
  // Posted, so that the cancelled accept and the handlers already queued run first.
  asio::post(io_, [this, generation = drain_generation_] { finish_drain(generation); });
}

void ReferenceServer::finish_drain(std::uint64_t generation) {
  if (generation != drain_generation_ || phase_ == Phase::serving) return;
  drain_timer_.cancel();
  // Past the limit, connections still open have had their close frame: drop them.
  const std::vector<Handle> remaining(admitted_.begin(), admitted_.end());
  for (const auto& handle : remaining) drop_connection(handle);
  // Bumped after the drops, so the wake-ups they post are stale and cannot end a later drain.
  ++drain_generation_;
  if (phase_ == Phase::stopping) {
    asio::error_code ignored;
    signals_.cancel(ignored);
    io_.stop();
    return;
  }
  finish_restart();
}

void ReferenceServer::finish_restart() {
  phase_ = Phase::serving;
  if (!listen_on(bound_)) {
    exit_status_ = 1;
    asio::error_code ignored;
    signals_.cancel(ignored);
    io_.stop();
    return;
  }
  announce("restarted");
}

}  // namespace wsconform::websocketpp_server
