#include "overload/burst_metrics.hpp"

#include <gtest/gtest.h>

namespace wsconform::overload {
namespace {

scenario::BurstConnection upgraded_after(std::int64_t started_us, std::int64_t handshake_us,
                                         std::uint32_t echoes) {
  scenario::BurstConnection connection;
  connection.started_us = started_us;
  connection.upgraded_us = started_us + handshake_us;
  connection.ended_us = connection.upgraded_us + 10;
  connection.echoes = echoes;
  connection.end = scenario::BurstConnection::End::closed;
  return connection;
}

TEST(BurstMetrics, NearestRank) {
  const std::vector<double> values{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(nearest_rank(values, 0.5), 5);
  EXPECT_EQ(nearest_rank(values, 0.9), 9);
  EXPECT_EQ(nearest_rank(values, 0.99), 10);
  EXPECT_EQ(nearest_rank(values, 0.0), 1);
  EXPECT_EQ(nearest_rank({}, 0.5), 0);
  EXPECT_EQ(nearest_rank({42}, 0.99), 42);
}

TEST(BurstMetrics, HandshakePercentilesOverUpgradedConnectionsOnly) {
  std::vector<scenario::BurstConnection> connections;
  for (int i = 1; i <= 100; ++i) connections.push_back(upgraded_after(i * 1000, i * 1000, 2));
  scenario::BurstConnection refused;
  refused.started_us = 5;
  refused.http_status = 503;
  refused.end = scenario::BurstConnection::End::refused;
  connections.push_back(refused);

  const auto metrics = compute_metrics(connections, {101, 40, 30}, 2000.0);
  EXPECT_DOUBLE_EQ(metrics.handshake_p50_ms, 50);
  EXPECT_DOUBLE_EQ(metrics.handshake_p90_ms, 90);
  EXPECT_DOUBLE_EQ(metrics.handshake_p99_ms, 99);
  EXPECT_DOUBLE_EQ(metrics.handshake_max_ms, 100);
  EXPECT_DOUBLE_EQ(metrics.connects_per_s, 101 / 2.0);
  EXPECT_DOUBLE_EQ(metrics.messages_per_s, 200 / 2.0);
  EXPECT_EQ(metrics.peak_open, 40u);
  EXPECT_EQ(metrics.peak_upgraded, 30u);
  EXPECT_DOUBLE_EQ(metrics.elapsed_ms, 2000.0);
  EXPECT_FALSE(metrics.recover_ms.has_value());
}

TEST(BurstMetrics, NothingUpgradedAndNoTime) {
  const auto metrics = compute_metrics({}, {}, 0);
  EXPECT_EQ(metrics.handshake_max_ms, 0);
  EXPECT_EQ(metrics.connects_per_s, 0);
  EXPECT_EQ(metrics.messages_per_s, 0);
}

}  // namespace
}  // namespace wsconform::overload
