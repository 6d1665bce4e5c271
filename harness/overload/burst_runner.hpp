// Runs one burst: launches connections within the concurrency and the connect pace, bounds the
// whole by the duration, watches the stop flag, places events in the timeline, and probes for
// recovery at the end. Single-threaded (one io_context, run on the caller's thread).
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "overload/burst_client.hpp"
#include "overload/burst_metrics.hpp"
#include "overload/burst_timeline.hpp"
#include "overload/connect_pacer.hpp"
#include "overload/recovery_probe.hpp"
#include "scenario/model/burst.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::overload {

class BurstRunner final : public BurstObserver {
 public:
  BurstRunner(const scenario::Target& target, const scenario::BurstSpec& spec,
              const std::atomic<bool>* stop);
  BurstRunner(const BurstRunner&) = delete;
  BurstRunner& operator=(const BurstRunner&) = delete;

  // Once per runner.
  scenario::BurstRecord run();

 private:
  std::optional<asio::ip::tcp::endpoint> resolve();
  bool fit_fd_limit();
  void launch_more();
  void launch_one();
  void request_launch();
  void arm_launch_timer(Clock::time_point when);
  void on_duration_end();
  void poll_stop();
  void abandon_all();
  void maybe_end_burst();
  void end_burst();
  void finish();
  scenario::BurstBucket& bucket_now();

  void on_connected() override;
  void on_upgraded() override;
  void on_echo() override;
  void on_refused(int status) override;
  void on_server_close(std::optional<std::uint16_t> code) override;
  void on_dropped() override;
  void on_ended(std::size_t index) override;

  const scenario::Target& target_;
  const std::atomic<bool>* stop_;
  scenario::BurstRecord record_;
  asio::io_context io_;
  asio::steady_timer duration_timer_;
  asio::steady_timer stop_timer_;
  asio::steady_timer launch_timer_;
  std::unique_ptr<ClientShared> shared_;
  std::unique_ptr<ClientShared> probe_shared_;
  std::unique_ptr<RecoveryProbe> probe_;
  std::vector<std::shared_ptr<BurstClient>> live_;  // by connection index; empty once ended
  std::optional<BurstTimeline> timeline_;
  std::optional<ConnectPacer> pacer_;
  BurstCounts counts_;
  std::size_t concurrency_ = 1;
  std::size_t open_ = 0;
  std::size_t upgraded_open_ = 0;
  Clock::time_point start_{};
  Clock::time_point end_{};
  bool launching_ = true;
  bool launch_posted_ = false;
  bool launch_timer_armed_ = false;
  bool burst_over_ = false;
  bool interrupted_ = false;
  bool finished_ = false;
};

}  // namespace wsconform::overload
