// One case as the scheduler sees it: its main connection, the peer connections around it (opened
// before the fault and checked after it, or opened once the main connection ended, with retries),
// or an overload burst run through the profile's hooks. Everything lands in one transcript.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "scenario/runner/session.hpp"

namespace wsconform::scenario::runner_detail {

// The size a burst runs at: the case's spec, scaled from the profile's capacity where it says so.
BurstSpec sized_burst(const BurstCase& burst, const TriggerSet* triggers);

class CaseRun : public std::enable_shared_from_this<CaseRun> {
 public:
  CaseRun(asio::any_io_executor executor, const Case& test_case, const RunContext& context);

  // Runs everything to the end. Never throws; bounded by the case's timeout (and a burst's own).
  asio::awaitable<void> run();
  void interrupt();
  // Called once the main connection's last echo_load step is over (CaseSession::on_measured).
  void on_measured(std::function<void()> callback) { on_measured_ = std::move(callback); }
  Transcript take_transcript() { return std::move(transcript_); }

 private:
  struct Peer {
    std::size_t group = 0;
    std::size_t index = 0;
    std::shared_ptr<CaseSession> session;
    PeerRecord record;
    bool done = false;
  };

  asio::awaitable<void> run_connections();
  asio::awaitable<void> run_burst();
  void start_before_peers();
  asio::awaitable<void> run_after_peer(std::size_t group, std::size_t index,
                                       Clock::time_point main_ended);
  std::optional<std::chrono::milliseconds> retry_bound(const PeerGroup& peers) const;
  // Takes the finished attempt's transcript into after_.back(); true if it upgraded.
  bool finish_attempt(Clock::time_point main_ended, Clock::time_point attempt_started);
  // Waits on signal_ until `ready()` or `deadline` (or an interrupt).
  template <typename Ready>
  asio::awaitable<void> wait(Ready ready, Clock::time_point deadline);
  const Case& peer_case(std::size_t group, bool gated);
  void restore_backend_if_cut();
  std::shared_ptr<CaseSession> new_session(const Case& c);

  asio::any_io_executor executor_;
  const Case& case_;
  const RunContext& context_;
  Signal signal_;
  std::shared_ptr<Gate> gate_;
  std::deque<Case> peer_cases_;  // the peers' steps as cases (stable addresses for sessions)
  std::vector<Peer> before_;
  std::vector<PeerRecord> after_;
  std::shared_ptr<CaseSession> main_;
  std::shared_ptr<CaseSession> current_after_;
  std::shared_ptr<std::atomic<bool>> burst_stop_ = std::make_shared<std::atomic<bool>>(false);
  std::function<void()> on_measured_;
  Transcript transcript_;
  Clock::time_point start_;
  Clock::time_point deadline_;
  bool interrupted_ = false;
};

}  // namespace wsconform::scenario::runner_detail
