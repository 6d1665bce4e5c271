#include "overload/burst_metrics.hpp"

#include <algorithm>
#include <cmath>

namespace wsconform::overload {

double nearest_rank(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  const double clamped = std::clamp(fraction, 0.0, 1.0);
  const auto rank =
      static_cast<std::size_t>(std::ceil(clamped * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

scenario::BurstMetrics compute_metrics(const std::vector<scenario::BurstConnection>& connections,
                                       const BurstCounts& counts, double elapsed_ms) {
  scenario::BurstMetrics metrics;
  metrics.elapsed_ms = elapsed_ms;
  metrics.peak_open = counts.peak_open;
  metrics.peak_upgraded = counts.peak_upgraded;

  std::vector<double> handshake_ms;
  std::size_t echoes = 0;
  for (const auto& connection : connections) {
    echoes += connection.echoes;
    if (connection.upgraded_us >= 0 && connection.started_us >= 0) {
      handshake_ms.push_back(static_cast<double>(connection.upgraded_us - connection.started_us) /
                             1000.0);
    }
  }
  std::sort(handshake_ms.begin(), handshake_ms.end());
  metrics.handshake_p50_ms = nearest_rank(handshake_ms, 0.50);
  metrics.handshake_p90_ms = nearest_rank(handshake_ms, 0.90);
  metrics.handshake_p99_ms = nearest_rank(handshake_ms, 0.99);
  metrics.handshake_max_ms = handshake_ms.empty() ? 0 : handshake_ms.back();

  if (elapsed_ms > 0) {
    const double seconds = elapsed_ms / 1000.0;
    metrics.connects_per_s = static_cast<double>(counts.connected) / seconds;
    metrics.messages_per_s = static_cast<double>(echoes) / seconds;
  }
  return metrics;
}

}  // namespace wsconform::overload
