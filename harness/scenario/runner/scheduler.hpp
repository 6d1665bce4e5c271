// Runs many cases on one io_context, `jobs` at a time, each on its own connection; judges each as
// it finishes and honours a stop flag. Cases that act on the whole server (restarts, crashes,
// backend cuts, bursts) or time it (echo_load) run after the others, one at a time; a timed case's
// close handshake may overlap the next timed case. With a supervised server, no case
// starts while it is down, and a case during which it died is told so.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "scenario/model/run.hpp"
#include "scenario/runner/case_run.hpp"

namespace wsconform::scenario::runner_detail {

// The first trigger a case needs that `triggers` does not offer, or "" when it has all it needs.
std::string missing_trigger(const Case& c, const TriggerSet* triggers);
// How a case shares the server with the other cases in flight.
enum class Sharing {
  shared,             // runs beside others
  alone_while_timed,  // echo_load: starts alone, and others may start once its timed part is over
  alone,              // acts on the whole server (restart, crash, backend, capacity), or a burst
};
Sharing sharing_of(const Case& c);

class CaseScheduler {
 public:
  CaseScheduler(asio::io_context& io, const std::vector<Case>& cases, const RunContext& context,
                const JudgeOptions& judge_options,
                const std::function<void(const CaseResult&)>& on_done,
                const std::atomic<bool>* stop);

  // Starts the first cases; io.run() then drives everything to the end.
  void start();
  // The results of the cases that ran, in the order of `cases`.
  std::vector<CaseResult> results();
  RunEnd end() const { return {gave_up_}; }

 private:
  struct InFlight {
    std::shared_ptr<CaseRun> run;
    std::uint64_t deaths_at_start = 0;
    bool measured = false;  // an alone_while_timed case past its last echo_load step
  };

  void launch_more();
  void launch(std::size_t index);
  // Whether a case that runs alone (fully, or while timed) may start beside what is in flight.
  bool room_for(Sharing sharing) const;
  void report_without_running(std::size_t index, Verdict verdict, std::string reason);
  void complete(std::size_t index);
  // Judges and delivers; waits first (a few ms at a time) while a supervised server is settling.
  void finish(std::size_t index, InFlight flight, CaseResult result, unsigned tries);
  void deliver(std::size_t index, CaseResult result);
  // Counts silent cases in a row (ServerAnswer); at RunOptions::give_up_after_silent, gives up.
  void note_answer(const Transcript& t);
  void report_given_up(std::deque<std::size_t>& queue);
  void poll();
  bool all_done() const;
  bool server_down();  // with a supervisor: true while it restarts the server

  asio::io_context& io_;
  const std::vector<Case>& cases_;
  const RunContext& context_;
  const JudgeOptions& judge_options_;
  const std::function<void(const CaseResult&)>& on_done_;
  const std::atomic<bool>* stop_;
  unsigned jobs_;
  asio::steady_timer poll_timer_;

  std::vector<std::optional<CaseResult>> slots_;
  std::map<std::size_t, InFlight> in_flight_;
  std::deque<std::size_t> shared_queue_;  // cases that may run beside others
  std::deque<std::size_t> alone_queue_;   // cases that run alone, after the others
  bool stopping_ = false;
  bool launching_ = false;
  bool polling_ = false;
  std::size_t settling_ = 0;  // finished cases waiting for a server death to be on record
  unsigned silent_in_a_row_ = 0;
  bool any_answered_ = false;
  std::optional<std::string> gave_up_;
};

}  // namespace wsconform::scenario::runner_detail
