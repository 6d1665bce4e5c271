#include "scenario/runner/case_run.hpp"

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/post.hpp>
#include <cmath>
#include <exception>
#include <thread>

namespace wsconform::scenario::runner_detail {
namespace {

constexpr std::chrono::milliseconds kFirstRetryDelay{25};
constexpr std::chrono::milliseconds kMaxRetryDelay{400};
// A burst has its own duration and recovery bounds; the case waits for them plus this.
constexpr std::chrono::milliseconds kBurstGrace{5000};

std::int64_t microseconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::microseconds>(to - from).count();
}

std::int64_t handshake_response_at_us(const Transcript& transcript) {
  for (const Event& event : transcript.events) {
    if (event.kind == Event::Kind::handshake_response) return event.at_us;
  }
  return -1;
}

std::size_t scaled(double capacity, double factor, std::size_t bound) {
  const double value = std::ceil(capacity * factor);
  if (!(value >= 1)) return 1;
  return value >= static_cast<double>(bound) ? bound : static_cast<std::size_t>(value);
}

}  // namespace

BurstSpec sized_burst(const BurstCase& burst, const TriggerSet* triggers) {
  BurstSpec spec = burst.spec;
  const TriggerSet::Capacity* capacity =
      triggers != nullptr && triggers->capacity ? &*triggers->capacity : nullptr;
  if (capacity != nullptr && burst.connections_times_capacity > 0 && capacity->connections > 0) {
    spec.connections = scaled(static_cast<double>(capacity->connections),
                              burst.connections_times_capacity, kMaxBurstConnections);
  }
  if (!burst.concurrency_written) spec.concurrency = spec.connections;
  if (capacity != nullptr && burst.messages_times_capacity > 0 && capacity->message_rate > 0) {
    spec.messages = scaled(capacity->message_rate * burst.messages_times_capacity /
                               static_cast<double>(std::max<std::size_t>(spec.connections, 1)),
                           1.0, kMaxBurstMessagesPerConnection);
  }
  spec.concurrency = std::min(spec.concurrency, spec.connections);
  return spec;
}

CaseRun::CaseRun(asio::any_io_executor executor, const Case& test_case, const RunContext& context)
    : executor_(executor), case_(test_case), context_(context), signal_(executor) {
  transcript_.case_id = test_case.id;
  transcript_.target = context.target.url;
}

template <typename Ready>
asio::awaitable<void> CaseRun::wait(Ready ready, Clock::time_point deadline) {
  while (!ready() && !interrupted_ && Clock::now() < deadline) {
    co_await signal_.wait_until(deadline);
  }
}

void CaseRun::interrupt() {
  interrupted_ = true;
  burst_stop_->store(true);
  if (gate_) gate_->signal.notify();
  if (main_) main_->interrupt();
  if (current_after_) current_after_->interrupt();
  for (Peer& peer : before_) {
    if (peer.session) peer.session->interrupt();
  }
  signal_.notify();
}

asio::awaitable<void> CaseRun::run() {
  start_ = Clock::now();
  deadline_ = start_ + case_.timeout.value_or(context_.options.case_timeout);
  try {
    if (case_.burst) {
      co_await run_burst();
    } else {
      co_await run_connections();
    }
  } catch (const std::exception& error) {
    if (!transcript_.harness_error)
      transcript_.harness_error = "internal error: " + std::string(error.what());
  }
  // A case cut short by Ctrl-C proves nothing, whatever its connections saw.
  if (interrupted_) {
    transcript_.interrupted = true;
    if (!transcript_.harness_error) transcript_.harness_error = "interrupted";
  }
  restore_backend_if_cut();
  transcript_.duration_us = microseconds_between(start_, Clock::now());
}

void CaseRun::restore_backend_if_cut() {
  FaultHooks* hooks = context_.options.hooks;
  if (hooks == nullptr) return;
  bool cut = false;
  const auto scan = [&](const std::vector<LocatedStep>& steps) {
    for (const LocatedStep& step : steps) {
      if (const auto* trigger = std::get_if<TriggerStep>(&step.step)) {
        cut = cut || trigger->name == kTriggerBackendDown;
      }
    }
  };
  scan(case_.steps);
  for (const PeerGroup& group : case_.peers) scan(group.steps);
  // Whatever became of the case, the cases after it get their backend back; if it cannot come
  // back, this case says so (error: the run is inconclusive) rather than the next ones failing.
  if (!cut) return;
  const HookResult restored = hooks->set_backend(true);
  if (!restored.ok() && !transcript_.harness_error) {
    transcript_.harness_error = "could not bring the backend back up: " + restored.problem();
  }
}

const Case& CaseRun::peer_case(std::size_t group, bool gated) {
  const PeerGroup& peers = case_.peers[group];
  Case& c = peer_cases_.emplace_back();
  // Each peer gets its own id, so its keys and masks differ from every other connection's.
  c.id = case_.id + "#" + peers.name + "-" + std::to_string(peer_cases_.size());
  c.title = case_.title;
  c.requirement = case_.requirement;
  c.timeout = case_.timeout;
  c.expect = peers.expect;
  std::size_t first = 0;
  if (!peers.steps.empty() && std::holds_alternative<HandshakeStep>(peers.steps.front().step)) {
    c.steps.push_back(peers.steps.front());
    first = 1;
  }
  if (gated) c.steps.push_back({GateStep{}, case_.where});
  c.steps.insert(c.steps.end(), peers.steps.begin() + static_cast<std::ptrdiff_t>(first),
                 peers.steps.end());
  return c;
}

std::shared_ptr<CaseSession> CaseRun::new_session(const Case& c) {
  return std::make_shared<CaseSession>(executor_, c, context_);
}

void CaseRun::start_before_peers() {
  gate_ = std::make_shared<Gate>(executor_);
  for (std::size_t group = 0; group < case_.peers.size(); ++group) {
    if (case_.peers[group].when != PeerGroup::When::before) continue;
    for (std::size_t index = 0; index < case_.peers[group].count; ++index) {
      Peer& peer = before_.emplace_back();
      peer.group = group;
      peer.index = index;
      peer.record.group = group;
      peer.record.index = index;
    }
  }
  // Sessions start only once before_ holds every peer: its elements must not move any more.
  for (std::size_t slot = 0; slot < before_.size(); ++slot) {
    Peer& peer = before_[slot];
    peer.session = new_session(peer_case(peer.group, true));
    peer.session->set_gate(gate_);
    auto self = shared_from_this();
    asio::co_spawn(executor_, peer.session->run(), [self, slot](std::exception_ptr) {
      Peer& done = self->before_[slot];
      done.record.transcript = done.session->take_transcript();
      done.done = true;
      self->signal_.notify();
      self->gate_->signal.notify();  // run_connections waits there for every peer to be in place
    });
  }
}

asio::awaitable<void> CaseRun::run_connections() {
  start_before_peers();
  const auto all_before_done = [this] {
    return std::all_of(before_.begin(), before_.end(), [](const Peer& p) { return p.done; });
  };
  if (!before_.empty()) {
    // Each before-peer either waits at the gate (its handshake done) or has already ended.
    const auto all_in_place = [&] {
      std::size_t ended = 0;
      for (const Peer& peer : before_) ended += peer.done ? 1 : 0;
      return gate_->waiting + ended >= before_.size();
    };
    while (!all_in_place() && !interrupted_ && Clock::now() < deadline_) {
      co_await gate_->signal.wait_until(deadline_);
    }
  }

  if (interrupted_) co_return;  // run() marks the case interrupted
  main_ = new_session(case_);
  if (on_measured_) main_->on_measured(std::move(on_measured_));
  std::weak_ptr<Gate> gate = gate_;
  main_->on_steps_done([gate] {
    if (auto open = gate.lock()) {
      open->open = true;
      open->signal.notify();
    }
  });
  co_await main_->run();
  const Clock::time_point main_ended = Clock::now();
  gate_->open = true;
  gate_->signal.notify();
  transcript_ = main_->take_transcript();

  co_await wait(all_before_done, deadline_ + std::chrono::seconds(1));
  for (Peer& peer : before_) {
    if (!peer.done) peer.session->interrupt();
  }
  co_await wait(all_before_done, Clock::now() + std::chrono::seconds(1));
  for (Peer& peer : before_) transcript_.peers.push_back(std::move(peer.record));

  for (std::size_t group = 0; group < case_.peers.size(); ++group) {
    if (case_.peers[group].when != PeerGroup::When::after) continue;
    for (std::size_t index = 0; index < case_.peers[group].count && !interrupted_; ++index) {
      co_await run_after_peer(group, index, main_ended);
    }
  }
  if (interrupted_) co_return;
  for (PeerRecord& record : after_) transcript_.peers.push_back(std::move(record));
}

std::optional<std::chrono::milliseconds> CaseRun::retry_bound(const PeerGroup& peers) const {
  if (!peers.reconnect_within_profile) return peers.retry_within;
  const TriggerSet* triggers = context_.options.triggers;
  return triggers != nullptr && triggers->restart ? triggers->restart->reconnect_within
                                                  : std::chrono::milliseconds(5000);
}

asio::awaitable<void> CaseRun::run_after_peer(std::size_t group, std::size_t index,
                                              Clock::time_point main_ended) {
  const std::optional<std::chrono::milliseconds> retry_within = retry_bound(case_.peers[group]);
  const Clock::time_point retry_until =
      retry_within ? main_ended + *retry_within : Clock::time_point::min();
  // All the after-peers together end by the case's deadline or the retry bound, the later one.
  const Clock::time_point last_start = std::max(deadline_, retry_until);
  after_.emplace_back();
  after_.back().group = group;
  after_.back().index = index;
  after_.back().attempts = 0;
  const Case& c = peer_case(group, false);
  if (Clock::now() >= last_start) {
    after_.back().transcript.harness_error = "not attempted: the case ran out of time";
    co_return;
  }
  std::chrono::milliseconds delay = kFirstRetryDelay;
  for (;;) {
    ++after_.back().attempts;
    const Clock::time_point attempt_started = Clock::now();
    current_after_ = new_session(c);
    co_await current_after_->run();
    if (finish_attempt(main_ended, attempt_started)) break;
    if (interrupted_ || Clock::now() + delay >= retry_until) break;
    co_await signal_.wait_until(Clock::now() + delay);  // interrupt() cuts the pause short
    delay = std::min(delay * 2, kMaxRetryDelay);
  }
  PeerRecord& record = after_.back();
  if (record.attempts > 1) {
    record.transcript.events.push_back(
        {Event::Kind::note,
         0,
         "connected on attempt " + std::to_string(record.attempts) + " (retrying for up to " +
             std::to_string(retry_within ? retry_within->count() : 0) + " ms)",
         {},
         0});
  }
}

bool CaseRun::finish_attempt(Clock::time_point main_ended, Clock::time_point attempt_started) {
  PeerRecord& record = after_.back();
  const bool upgraded = current_after_->upgraded();
  record.transcript = current_after_->take_transcript();
  current_after_.reset();
  if (!upgraded) return false;
  const std::int64_t response_at = handshake_response_at_us(record.transcript);
  record.upgraded_after_us =
      microseconds_between(main_ended, attempt_started) + std::max<std::int64_t>(0, response_at);
  return true;
}

asio::awaitable<void> CaseRun::run_burst() {
  FaultHooks* hooks = context_.options.hooks;
  if (hooks == nullptr) {
    transcript_.harness_error = "a burst needs the overload engine, and this run has none";
    co_return;
  }
  const BurstSpec spec = sized_burst(*case_.burst, context_.options.triggers);
  // The burst blocks, so it runs on a thread of its own and posts its record back here. The
  // guard stops and joins it on every way out of this frame (std::thread would terminate).
  auto record = std::make_shared<std::optional<BurstRecord>>();
  auto self = shared_from_this();
  struct JoinGuard {
    std::shared_ptr<std::atomic<bool>> stop;
    std::thread thread;
    ~JoinGuard() {
      stop->store(true);
      if (thread.joinable()) thread.join();
    }
  } worker{burst_stop_, std::thread([self, hooks, spec, record, stop = burst_stop_] {
             BurstRecord result = hooks->run_burst(spec, stop.get());
             asio::post(self->executor_, [self, record, result = std::move(result)]() mutable {
               *record = std::move(result);
               self->signal_.notify();
             });
           })};
  const Clock::time_point bound = Clock::now() + spec.duration + spec.recover_within + kBurstGrace;
  while (!record->has_value() && !interrupted_ && Clock::now() < bound) {
    co_await signal_.wait_until(bound);
  }
  if (!record->has_value()) {
    // Over its bounds (or interrupted): stop it and wait for what it has, without blocking.
    burst_stop_->store(true);
    const Clock::time_point grace = Clock::now() + kBurstGrace;
    while (!record->has_value() && Clock::now() < grace) co_await signal_.wait_until(grace);
    if (!interrupted_) transcript_.harness_error = "the burst did not end within its bounds";
  }
  if (record->has_value()) transcript_.burst = std::move(**record);
  if (transcript_.burst && !transcript_.burst->error.empty() && !transcript_.harness_error) {
    transcript_.harness_error = "burst: " + transcript_.burst->error;
  }
}

}  // namespace wsconform::scenario::runner_detail
