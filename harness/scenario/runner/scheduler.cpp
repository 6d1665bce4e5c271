#include "scenario/runner/scheduler.hpp"
#include "scenario/judge/judge.hpp"

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/post.hpp>
#include <exception>

namespace wsconform::scenario::runner_detail {
namespace {

constexpr std::chrono::milliseconds kPollInterval{20};
constexpr std::chrono::milliseconds kSettleStep{5};
constexpr unsigned kSettleTries = 400;  // 2 s: the supervisor records a death within moments
// A dying process's sockets close a moment before it can be seen to have exited: a case whose
// connection just dropped waits this many steps (10 ms) for a death to show before it is judged.
constexpr unsigned kDropGraceTries = 2;

template <typename Visit>
void for_each_step(const Case& c, Visit visit) {
  for (const LocatedStep& step : c.steps) visit(step.step);
  for (const PeerGroup& group : c.peers) {
    for (const LocatedStep& step : group.steps) visit(step.step);
  }
}

// The time a case spends in the pauses its steps ask for: a floor under its duration whatever the
// server does.
std::chrono::milliseconds planned_pauses(const Case& c) {
  std::chrono::milliseconds total{0};
  const auto writes_paused = [](const Segmentation& segmentation) {
    return segmentation.delay *
           static_cast<int>(std::max<std::size_t>(segmentation.sizes.size(), 1));
  };
  for_each_step(c, [&](const Step& step) {
    if (const auto* wait = std::get_if<WaitStep>(&step)) {
      total += wait->duration;
    } else if (const auto* frame = std::get_if<SendFrameStep>(&step)) {
      total += writes_paused(frame->segmentation);
    } else if (const auto* raw = std::get_if<SendRawStep>(&step)) {
      total += writes_paused(raw->segmentation);
    } else if (const auto* flood = std::get_if<FloodStep>(&step)) {
      total += flood->hold;
    }
  });
  return total;
}

}  // namespace

std::string missing_trigger(const Case& c, const TriggerSet* triggers) {
  const auto offered = [&](std::string_view name) {
    return triggers != nullptr && triggers->offers(name);
  };
  if (!c.needs_trigger.empty() && !offered(c.needs_trigger)) return c.needs_trigger;
  std::string missing;
  for_each_step(c, [&](const Step& step) {
    if (!missing.empty()) return;
    if (const auto* trigger = std::get_if<TriggerStep>(&step)) {
      if (!offered(trigger->name)) missing = trigger->name;
    } else if (const auto* handshake = std::get_if<HandshakeStep>(&step)) {
      if (!handshake->trigger.empty() && !offered(handshake->trigger)) missing = handshake->trigger;
    }
  });
  if (missing.empty() && c.burst) {
    // A burst sized from the capacity needs the very figure it scales, or it would run with a
    // made-up size (no messages at all) and prove nothing.
    const TriggerSet::Capacity* capacity =
        triggers != nullptr && triggers->capacity ? &*triggers->capacity : nullptr;
    if (c.burst->connections_times_capacity > 0 &&
        (capacity == nullptr || capacity->connections == 0)) {
      missing = "capacity (connections)";
    } else if (c.burst->messages_times_capacity > 0 &&
               (capacity == nullptr || capacity->message_rate <= 0)) {
      missing = "capacity (message_rate)";
    }
  }
  return missing;
}

Sharing sharing_of(const Case& c) {
  if (c.burst || c.alone) return Sharing::alone;
  const auto whole_server = [](std::string_view name) {
    return name == kTriggerRestart || name == kTriggerCrash || name == kTriggerCapacity ||
           name == kTriggerBackend || name == kTriggerBackendDown || name == kTriggerBackendUp;
  };
  if (whole_server(c.needs_trigger)) return Sharing::alone;
  bool alone = false;
  bool timed = false;
  for_each_step(c, [&](const Step& step) {
    if (const auto* trigger = std::get_if<TriggerStep>(&step)) {
      alone = alone || whole_server(trigger->name);
    }
    timed = timed || std::holds_alternative<EchoLoadStep>(step);
  });
  if (alone) return Sharing::alone;
  if (!timed) return Sharing::shared;
  // Timed transfers are measurements: other cases in flight would skew them (and stack their
  // megabytes on top of one another). Only the main connection's are followed (on_measured), so
  // peers with their own make the whole case alone.
  return c.peers.empty() ? Sharing::alone_while_timed : Sharing::alone;
}

CaseScheduler::CaseScheduler(asio::io_context& io, const std::vector<Case>& cases,
                             const RunContext& context, const JudgeOptions& judge_options,
                             const std::function<void(const CaseResult&)>& on_done,
                             const std::atomic<bool>* stop)
    : io_(io),
      cases_(cases),
      context_(context),
      judge_options_(judge_options),
      on_done_(on_done),
      stop_(stop),
      jobs_(std::max(1u, context.options.jobs)),
      poll_timer_(io),
      slots_(cases.size()) {
  for (std::size_t index = 0; index < cases.size(); ++index) {
    (sharing_of(cases[index]) == Sharing::shared ? shared_queue_ : alone_queue_).push_back(index);
  }
  // The cases that pause longest start first, so that the short ones fill the jobs around them
  // instead of one long pause ending the shared part late. Results keep the order of `cases`.
  std::vector<std::chrono::milliseconds> pauses(cases.size());
  for (const std::size_t index : shared_queue_) pauses[index] = planned_pauses(cases[index]);
  std::stable_sort(shared_queue_.begin(), shared_queue_.end(),
                   [&](std::size_t a, std::size_t b) { return pauses[a] > pauses[b]; });
}

void CaseScheduler::start() {
  launch_more();
}

bool CaseScheduler::all_done() const {
  return in_flight_.empty() && settling_ == 0 &&
         (stopping_ || (shared_queue_.empty() && alone_queue_.empty()));
}

bool CaseScheduler::server_down() {
  FaultHooks* hooks = context_.options.hooks;
  return hooks != nullptr && !hooks->serving() && !hooks->given_up();
}

// Wakes the scheduler while something is pending: a stop request to pass on, or a server being
// restarted by its supervisor. Runs only while there is work left.
void CaseScheduler::poll() {
  if (polling_ || all_done()) return;
  polling_ = true;
  poll_timer_.expires_after(kPollInterval);
  poll_timer_.async_wait([this](std::error_code error) {
    polling_ = false;
    if (error) return;
    if (!stopping_ && stop_ != nullptr && stop_->load()) {
      stopping_ = true;
      // Copy first: an interrupted case may complete (and leave the map) right away.
      const auto running = in_flight_;
      for (const auto& [index, flight] : running) flight.run->interrupt();
    }
    launch_more();
  });
}

void CaseScheduler::launch_more() {
  if (launching_) return;  // a case reported synchronously re-enters here
  launching_ = true;
  if (gave_up_ && !stopping_) {  // after a user's stop, only finished cases are reported
    report_given_up(shared_queue_);
    report_given_up(alone_queue_);
  }
  while (!stopping_) {
    if (stop_ != nullptr && stop_->load()) break;
    std::deque<std::size_t>* queue = nullptr;
    if (!shared_queue_.empty()) {
      if (in_flight_.size() < jobs_) queue = &shared_queue_;
    } else if (!alone_queue_.empty() && in_flight_.size() < jobs_ &&
               room_for(sharing_of(cases_[alone_queue_.front()]))) {
      queue = &alone_queue_;  // only once everything else has finished (or is past its timing)
    }
    if (queue == nullptr) break;
    FaultHooks* hooks = context_.options.hooks;
    if (hooks != nullptr && hooks->given_up()) {
      const std::size_t index = queue->front();
      queue->pop_front();
      report_without_running(
          index, Verdict::error,
          "the server is down and could not be restarted: " + *hooks->given_up());
      continue;
    }
    if (server_down()) break;  // the poll comes back once the supervisor has it up again
    const std::size_t index = queue->front();
    queue->pop_front();
    launch(index);
  }
  launching_ = false;
  if (stop_ != nullptr && stop_->load() && !stopping_) {
    poll();  // pass the stop on at the next tick
  } else if (!all_done()) {
    if (stop_ != nullptr || server_down()) poll();
  } else {
    poll_timer_.cancel();
  }
}

bool CaseScheduler::room_for(Sharing sharing) const {
  if (sharing != Sharing::alone_while_timed) return in_flight_.empty();
  // Cases past their timed part only wait for a close: a server that never sends one would
  // otherwise cost each timed case a whole close timeout, one after another.
  return std::all_of(in_flight_.begin(), in_flight_.end(),
                     [](const auto& entry) { return entry.second.measured; });
}

void CaseScheduler::launch(std::size_t index) {
  const Case& test_case = cases_[index];
  if (const std::string missing = missing_trigger(test_case, context_.options.triggers);
      !missing.empty()) {
    // README "Using it against your server": a trigger the target does not offer makes a case
    // unimplemented, never fail.
    report_without_running(
        index, Verdict::unimplemented,
        "needs the target-profile trigger '" + missing + "', which the target does not offer");
    return;
  }
  InFlight flight;
  flight.run = std::make_shared<CaseRun>(io_.get_executor(), test_case, context_);
  if (context_.options.hooks != nullptr) {
    flight.deaths_at_start = context_.options.hooks->unexpected_deaths();
  }
  const std::shared_ptr<CaseRun> run = flight.run;
  if (sharing_of(test_case) == Sharing::alone_while_timed) {
    run->on_measured([this, index] {
      if (const auto found = in_flight_.find(index); found != in_flight_.end()) {
        found->second.measured = true;
      }
      asio::post(io_, [this] { launch_more(); });  // not from inside the case's coroutine
    });
  }
  in_flight_[index] = std::move(flight);
  asio::co_spawn(io_, run->run(), [this, index](std::exception_ptr) { complete(index); });
}

void CaseScheduler::report_without_running(std::size_t index, Verdict verdict, std::string reason) {
  const Case& test_case = cases_[index];
  CaseResult result;
  result.test_case = &test_case;
  result.transcript.case_id = test_case.id;
  result.transcript.target = context_.target.url;
  result.judgement.verdict = verdict;
  result.judgement.reasons.push_back(std::move(reason));
  deliver(index, std::move(result));
}

void CaseScheduler::complete(std::size_t index) {
  const auto found = in_flight_.find(index);
  if (found == in_flight_.end()) return;
  InFlight flight = found->second;
  in_flight_.erase(found);
  CaseResult result;
  result.test_case = &cases_[index];
  result.transcript = flight.run->take_transcript();
  finish(index, std::move(flight), std::move(result), 0);
}

void CaseScheduler::finish(std::size_t index, InFlight flight, CaseResult result, unsigned tries) {
  FaultHooks* hooks = context_.options.hooks;
  const bool waiting_for_death =
      hooks != nullptr && ((hooks->settling() && tries < kSettleTries) ||
                           (tries < kDropGraceTries && connection_dropped(result.transcript) &&
                            hooks->unexpected_deaths() == flight.deaths_at_start));
  if (waiting_for_death) {
    // The server just died: its death goes on record in a moment, and belongs to this case.
    ++settling_;
    auto timer = std::make_shared<asio::steady_timer>(io_, kSettleStep);
    timer->async_wait([this, timer, index, flight = std::move(flight), result = std::move(result),
                       tries](std::error_code) mutable {
      --settling_;
      finish(index, std::move(flight), std::move(result), tries + 1);
    });
    return;
  }
  if (hooks != nullptr && hooks->unexpected_deaths() > flight.deaths_at_start) {
    result.transcript.server_deaths.push_back(hooks->describe_deaths_since(flight.deaths_at_start));
  }
  if (gave_up_ && result.transcript.interrupted && (stop_ == nullptr || !stop_->load())) {
    // Stopped by the give-up, not by the user: an error that says why.
    result.transcript.interrupted = false;
    result.transcript.harness_error = "stopped early: " + *gave_up_;
  } else {
    note_answer(result.transcript);
  }
  result.judgement = judge(cases_[index], result.transcript, judge_options_);
  result.duration_ms = static_cast<double>(result.transcript.duration_us) / 1000.0;
  deliver(index, std::move(result));
  launch_more();
}

void CaseScheduler::note_answer(const Transcript& t) {
  switch (server_answer(t)) {
    case ServerAnswer::answered:
      any_answered_ = true;
      silent_in_a_row_ = 0;
      return;
    case ServerAnswer::unknown:
      return;
    case ServerAnswer::silent:
      ++silent_in_a_row_;
      break;
  }
  const unsigned limit = context_.options.give_up_after_silent;
  // Only a server that has answered no case at all is given up on: one that answered some is
  // testable, and every verdict it earns counts, however many cases in a row it leaves silent.
  if (limit == 0 || gave_up_ || any_answered_ || silent_in_a_row_ < limit) return;
  gave_up_ = "the server answered nothing in " + std::to_string(silent_in_a_row_) +
             " cases in a row (no complete handshake response, or after the upgrade no message, "
             "pong, close frame or end of TCP, before their waits ran out)";
  // What still runs would only wait out its own timeouts too: the run ends at the pace of its
  // jobs, not one timeout after another.
  const auto running = in_flight_;  // an interrupted case may leave the map at once
  for (const auto& [index, flight] : running) flight.run->interrupt();
}

void CaseScheduler::report_given_up(std::deque<std::size_t>& queue) {
  while (!queue.empty()) {
    const std::size_t index = queue.front();
    queue.pop_front();
    report_without_running(index, Verdict::error,
                           "not run: the run gave up on the server: " + *gave_up_);
  }
}

void CaseScheduler::deliver(std::size_t index, CaseResult result) {
  slots_[index] = std::move(result);
  if (on_done_) on_done_(*slots_[index]);
}

std::vector<CaseResult> CaseScheduler::results() {
  std::vector<CaseResult> ordered;
  for (auto& slot : slots_) {
    if (slot) ordered.push_back(std::move(*slot));
  }
  return ordered;
}

}  // namespace wsconform::scenario::runner_detail
