// After a burst: a fresh connection, handshake, one echo and close, tried again with a short,
// doubling backoff until one succeeds or the bound passes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "overload/burst_client.hpp"

namespace wsconform::overload {

class RecoveryProbe final : public BurstObserver {
 public:
  // `shared` configures the probe's connections (its spec: one message, no hold). `on_done` is
  // called once, when the probe succeeded, ran out of time or was abandoned.
  RecoveryProbe(ClientShared& shared, Clock::time_point burst_end, std::chrono::milliseconds within,
                std::function<void()> on_done);

  void start();
  void abandon();  // stop now (the run was interrupted)

  // Burst end to the first fresh echo; nullopt when none came within the bound.
  std::optional<double> recover_ms() const { return recover_ms_; }
  std::size_t attempts() const { return attempts_; }

 private:
  void attempt();
  void on_echo() override { echo_at_ = Clock::now(); }
  void on_ended(std::size_t index) override;
  void done();

  ClientShared& shared_;
  Clock::time_point burst_end_;
  Clock::time_point deadline_;
  std::function<void()> on_done_;
  asio::steady_timer backoff_timer_;
  asio::steady_timer deadline_timer_;
  Clock::duration backoff_;
  scenario::BurstConnection record_;
  std::shared_ptr<BurstClient> client_;
  Clock::time_point echo_at_{};
  std::optional<double> recover_ms_;
  std::size_t attempts_ = 0;
  bool done_ = false;
};

}  // namespace wsconform::overload
