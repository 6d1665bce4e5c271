#include "overload/spec_bounds.hpp"

#include <fmt/format.h>

#include <cmath>

#include "overload/burst_payload.hpp"

namespace wsconform::overload {
namespace {

using std::chrono::milliseconds;

template <typename T>
void cap(T& value, T most, const char* name, std::vector<std::string>& notes) {
  if (value <= most) return;
  notes.push_back(fmt::format("{} capped at {} (asked for {})", name, most, value));
  value = most;
}

void bound_duration(milliseconds& value, milliseconds least, milliseconds most,
                    milliseconds instead, const char* name, std::vector<std::string>& notes) {
  if (value < least) {
    notes.push_back(fmt::format("{} {} ms is below {} ms: {} ms used", name, value.count(),
                                least.count(), instead.count()));
    value = instead;
  } else if (value > most) {
    notes.push_back(
        fmt::format("{} capped at {} ms (asked for {} ms)", name, most.count(), value.count()));
    value = most;
  }
}

void bound_rate(double& rate, const char* name, std::vector<std::string>& notes) {
  if (std::isnan(rate) || rate < 0) {
    notes.push_back(fmt::format("{} {} is not a rate: 0 (unpaced) used", name, rate));
    rate = 0;
  } else if (rate > 0 && rate < kMinRatePerSecond) {
    notes.push_back(
        fmt::format("{} raised to {}/s (asked for {}/s)", name, kMinRatePerSecond, rate));
    rate = kMinRatePerSecond;
  }
}

}  // namespace

void apply_spec_bounds(scenario::BurstSpec& spec, std::vector<std::string>& notes) {
  cap(spec.connections, scenario::kMaxBurstConnections, "connections", notes);
  if (spec.concurrency == 0) {
    notes.push_back("concurrency 0 raised to 1");
    spec.concurrency = 1;
  }
  cap(spec.messages, scenario::kMaxBurstMessagesPerConnection, "messages per connection", notes);
  if (spec.message_size < kMinMessageSize) {
    notes.push_back(
        fmt::format("message size raised to {} bytes (asked for {}): every message "
                    "carries its 8-digit sequence number",
                    kMinMessageSize, spec.message_size));
    spec.message_size = kMinMessageSize;
  }
  cap(spec.message_size, scenario::kMaxBurstMessageSize, "message size", notes);
  bound_rate(spec.connect_rate, "connect rate", notes);
  bound_rate(spec.message_rate, "message rate", notes);
  const milliseconds zero{0};
  const milliseconds most = scenario::kMaxBurstDuration;
  bound_duration(spec.duration, milliseconds{1}, most, most, "duration", notes);
  bound_duration(spec.hold, zero, most, zero, "hold", notes);
  bound_duration(spec.step_timeout, milliseconds{1}, most, scenario::BurstSpec{}.step_timeout,
                 "step timeout", notes);
  bound_duration(spec.recover_within, zero, most, zero, "recover_within", notes);
}

}  // namespace wsconform::overload
