#include "overload/burst_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <exception>
#include <random>
#include <string>

#include "overload/burst_payload.hpp"
#include "overload/fd_limit.hpp"
#include "overload/run_burst.hpp"
#include "overload/spec_bounds.hpp"

namespace wsconform::overload {
namespace {

// Descriptors kept for everything but the burst's sockets (the io_context's own, the resolver,
// the probe, a supervised target's pipes, log files).
constexpr std::size_t kFdReserve = 64;
constexpr auto kStopPollInterval = std::chrono::milliseconds(20);
constexpr std::size_t kProbeMessageSize = 2 * kMinMessageSize;

}  // namespace

BurstRunner::BurstRunner(const scenario::Target& target, const scenario::BurstSpec& spec,
                         const std::atomic<bool>* stop)
    : target_(target), stop_(stop), duration_timer_(io_), stop_timer_(io_), launch_timer_(io_) {
  record_.spec = spec;
}

scenario::BurstRecord BurstRunner::run() {
  apply_spec_bounds(record_.spec, record_.notes);
  if (target_.tls) {
    record_.error = "wss:// targets are not supported by the burst engine yet";
    return std::move(record_);
  }
  const auto endpoint = resolve();
  if (!endpoint || !fit_fd_limit()) return std::move(record_);
  if (stop_ != nullptr && stop_->load()) {
    record_.cut_short = true;
    return std::move(record_);
  }

  const scenario::BurstSpec& spec = record_.spec;
  record_.connections.reserve(spec.connections);  // records stay put: clients refer to them
  live_.resize(spec.connections);
  start_ = Clock::now();
  const std::uint64_t seed =
      (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
  shared_ = std::make_unique<ClientShared>(io_, *endpoint, target_.host_header(), target_.path,
                                           spec, start_, seed);
  const auto buckets = static_cast<std::size_t>(spec.duration.count() / record_.bucket_ms) + 2;
  timeline_.emplace(record_.bucket_ms, buckets);
  pacer_.emplace(spec.connect_rate, start_);

  duration_timer_.expires_at(start_ + spec.duration);
  duration_timer_.async_wait([this](const std::error_code& error) {
    if (!error) on_duration_end();
  });
  if (stop_ != nullptr) poll_stop();
  launch_more();
  io_.run();

  record_.metrics = compute_metrics(
      record_.connections, counts_,
      std::chrono::duration<double, std::milli>((burst_over_ ? end_ : Clock::now()) - start_)
          .count());
  record_.metrics.recovery_checked = probe_ != nullptr;
  if (probe_) record_.metrics.recover_ms = probe_->recover_ms();
  record_.timeline = timeline_->take();
  return std::move(record_);
}

std::optional<asio::ip::tcp::endpoint> BurstRunner::resolve() {
  asio::ip::tcp::resolver resolver(io_);
  std::error_code error;
  const auto results = resolver.resolve(target_.host, std::to_string(target_.port), error);
  if (error || results.empty()) {
    record_.error =
        fmt::format("cannot resolve {}: {}", target_.host, error ? error.message() : "no address");
    return std::nullopt;
  }
  return results.begin()->endpoint();
}

bool BurstRunner::fit_fd_limit() {
  const FdLimits limits = raise_fd_limit();
  if (!limits.error.empty()) {
    record_.notes.push_back(
        fmt::format("the soft file-descriptor limit stays at {}: {}", limits.soft, limits.error));
  }
  const std::size_t open_now = open_fd_count();
  const std::size_t headroom = fd_headroom(limits, open_now, kFdReserve);
  // The recovery probe needs no descriptor of its own: it runs once every burst socket is closed.
  const std::size_t wanted = std::min(record_.spec.concurrency, record_.spec.connections);
  if (headroom == 0) {
    record_.error = fmt::format(
        "no file descriptors left for connections (limit {}, {} open, {} kept in reserve)",
        limits.soft, open_now, kFdReserve);
    return false;
  }
  concurrency_ = std::max<std::size_t>(1, wanted);
  if (wanted > headroom) {
    record_.notes.push_back(fmt::format(
        "concurrency capped at {} (asked for {}): the file-descriptor limit is {} (hard {}), {} "
        "are open, {} kept in reserve",
        headroom, record_.spec.concurrency, limits.soft, limits.hard, open_now, kFdReserve));
    record_.spec.concurrency = headroom;
    concurrency_ = headroom;
  }
  return true;
}

scenario::BurstBucket& BurstRunner::bucket_now() {
  return timeline_->at(shared_->now_us());
}

void BurstRunner::request_launch() {
  if (launch_posted_ || !launching_) return;
  launch_posted_ = true;
  asio::post(io_, [this] {
    launch_posted_ = false;
    launch_more();
  });
}

void BurstRunner::arm_launch_timer(Clock::time_point when) {
  if (launch_timer_armed_) return;
  launch_timer_armed_ = true;
  launch_timer_.expires_at(when);
  launch_timer_.async_wait([this](const std::error_code& error) {
    launch_timer_armed_ = false;
    if (!error) launch_more();
  });
}

void BurstRunner::launch_more() {
  if (!launching_) return;
  const std::size_t total = record_.spec.connections;
  while (record_.connections.size() < total && open_ < concurrency_) {
    const Clock::time_point now = Clock::now();
    if (!pacer_->try_take(now)) {
      arm_launch_timer(pacer_->next_token(now));
      return;
    }
    launch_one();
  }
  if (record_.connections.size() >= total) {
    launching_ = false;
    maybe_end_burst();
  }
}

void BurstRunner::launch_one() {
  const std::size_t index = record_.connections.size();
  record_.connections.emplace_back();
  ++open_;
  counts_.peak_open = std::max(counts_.peak_open, open_);
  ++bucket_now().opened;
  auto client = std::make_shared<BurstClient>(*shared_, *this, index, record_.connections[index]);
  live_[index] = client;
  client->start();
}

void BurstRunner::on_duration_end() {
  if (burst_over_) return;
  record_.cut_short = true;
  launching_ = false;
  abandon_all();
  maybe_end_burst();
}

void BurstRunner::poll_stop() {
  if (stop_->load()) {
    interrupted_ = true;
    record_.cut_short = true;
    launching_ = false;
    if (probe_) probe_->abandon();
    abandon_all();
    maybe_end_burst();
    if (finished_) return;
  }
  stop_timer_.expires_after(kStopPollInterval);
  stop_timer_.async_wait([this](const std::error_code& error) {
    if (!error && !finished_) poll_stop();
  });
}

void BurstRunner::abandon_all() {
  for (std::size_t i = 0; i < live_.size(); ++i) {
    if (const auto client = live_[i]) client->abandon();  // a copy: abandoning empties the slot
  }
}

void BurstRunner::maybe_end_burst() {
  if (!burst_over_ && !launching_ && open_ == 0) end_burst();
}

void BurstRunner::end_burst() {
  burst_over_ = true;
  end_ = Clock::now();
  duration_timer_.cancel();
  launch_timer_.cancel();
  if (record_.spec.recover_within.count() == 0 || interrupted_) {
    finish();
    return;
  }
  scenario::BurstSpec probe_spec = record_.spec;
  probe_spec.handshake = true;
  probe_spec.messages = 1;
  probe_spec.message_size = kProbeMessageSize;
  probe_spec.message_rate = 0;
  probe_spec.hold = std::chrono::milliseconds(0);
  probe_shared_ = std::make_unique<ClientShared>(io_, shared_->endpoint, shared_->host_header,
                                                 shared_->path, probe_spec, end_, shared_->rng());
  probe_ = std::make_unique<RecoveryProbe>(*probe_shared_, end_, record_.spec.recover_within,
                                           [this] { finish(); });
  probe_->start();
}

void BurstRunner::finish() {
  finished_ = true;
  stop_timer_.cancel();
}

void BurstRunner::on_connected() {
  ++counts_.connected;
}

void BurstRunner::on_upgraded() {
  ++upgraded_open_;
  counts_.peak_upgraded = std::max(counts_.peak_upgraded, upgraded_open_);
  ++bucket_now().upgraded;
}

void BurstRunner::on_echo() {
  ++bucket_now().echoes;
}

void BurstRunner::on_refused(int status) {
  ++bucket_now().http_statuses[status];
}

void BurstRunner::on_server_close(std::optional<std::uint16_t> code) {
  if (code) ++bucket_now().close_codes[*code];
}

void BurstRunner::on_dropped() {
  ++bucket_now().dropped;
}

void BurstRunner::on_ended(std::size_t index) {
  --open_;
  if (record_.connections[index].upgraded_us >= 0) --upgraded_open_;
  live_[index].reset();
  if (launching_) {
    request_launch();
  } else {
    maybe_end_burst();
  }
}

scenario::BurstRecord run_burst(const scenario::Target& target, const scenario::BurstSpec& spec,
                                const std::atomic<bool>* stop) {
  try {
    BurstRunner runner(target, spec, stop);
    return runner.run();
  } catch (const std::exception& error) {
    scenario::BurstRecord record;
    record.spec = spec;
    record.error = std::string("the burst engine failed: ") + error.what();
    return record;
  }
}

}  // namespace wsconform::overload
