#include "overload/recovery_probe.hpp"

#include <algorithm>

namespace wsconform::overload {
namespace {

constexpr auto kFirstBackoff = std::chrono::milliseconds(20);
constexpr auto kMostBackoff = std::chrono::milliseconds(500);

}  // namespace

RecoveryProbe::RecoveryProbe(ClientShared& shared, Clock::time_point burst_end,
                             std::chrono::milliseconds within, std::function<void()> on_done)
    : shared_(shared),
      burst_end_(burst_end),
      deadline_(burst_end + within),
      on_done_(std::move(on_done)),
      backoff_timer_(shared.io),
      deadline_timer_(shared.io),
      backoff_(kFirstBackoff) {}

void RecoveryProbe::start() {
  deadline_timer_.expires_at(deadline_);
  deadline_timer_.async_wait([this](const std::error_code& error) {
    if (!error) abandon();
  });
  attempt();
}

void RecoveryProbe::abandon() {
  if (done_) return;
  if (client_ && !client_->ended()) {
    done_ = true;  // so that its end starts no new attempt
    client_->abandon();
  }
  done();
}

void RecoveryProbe::attempt() {
  if (done_) return;
  if (Clock::now() >= deadline_) {
    done();
    return;
  }
  ++attempts_;
  record_ = scenario::BurstConnection{};
  client_ = std::make_shared<BurstClient>(shared_, *this, 0, record_);
  client_->start();
}

void RecoveryProbe::on_ended(std::size_t) {
  client_.reset();
  if (done_) return;
  if (record_.echoes == 1 && !record_.echo_mismatch) {
    recover_ms_ = std::chrono::duration<double, std::milli>(echo_at_ - burst_end_).count();
    done();
    return;
  }
  const auto wait = std::min<Clock::duration>(backoff_, deadline_ - Clock::now());
  backoff_ = std::min<Clock::duration>(backoff_ * 2, kMostBackoff);
  backoff_timer_.expires_after(wait);
  backoff_timer_.async_wait([this](const std::error_code& error) {
    if (!error) attempt();
  });
}

void RecoveryProbe::done() {
  const bool first = on_done_ != nullptr;
  done_ = true;
  backoff_timer_.cancel();
  deadline_timer_.cancel();
  if (first) {
    auto callback = std::move(on_done_);
    on_done_ = nullptr;
    callback();
  }
}

}  // namespace wsconform::overload
