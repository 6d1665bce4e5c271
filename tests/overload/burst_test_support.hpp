// Shared by the load tests: the reference target started on 127.0.0.1, a Target for a port, and
// counts over a burst record.
#pragma once

#include "net/asio_prelude.hpp"  // before any Asio header

#include <gtest/gtest.h>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <map>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "overload/run_burst.hpp"
#include "scenario/model/run.hpp"
#include "support/target_process.hpp"

namespace wsconform::overload::test {

using namespace std::chrono_literals;
using End = scenario::BurstConnection::End;

// Generous: under ASan a start takes a few hundred milliseconds.
constexpr auto kStartTimeout = std::chrono::seconds(15);

// wsconform-websocketpp-server on an ephemeral port for one test; killed and reaped when the test
// ends.
class RunningTarget {
 public:
  explicit RunningTarget(std::vector<std::string> args) {
    args.insert(args.begin(), {"--host", "127.0.0.1", "--port", "0"});
    process_ = std::make_unique<testing::TargetProcess>(WSCONFORM_WEBSOCKETPP_SERVER_PATH, args);
    port_ = process_->wait_until_listening(kStartTimeout).value_or(0);
  }
  std::uint16_t port() const { return port_; }
  testing::TargetProcess& process() { return *process_; }

 private:
  std::unique_ptr<testing::TargetProcess> process_;
  std::uint16_t port_ = 0;
};

inline scenario::Target target_at(std::uint16_t port, const std::string& path = "/") {
  std::string error;
  const auto target =
      scenario::parse_target_url("ws://127.0.0.1:" + std::to_string(port) + path, &error);
  EXPECT_TRUE(target.has_value()) << error;
  return target.value_or(scenario::Target{});
}

inline std::size_t count_ends(const scenario::BurstRecord& record, End end) {
  return static_cast<std::size_t>(
      std::count_if(record.connections.begin(), record.connections.end(),
                    [end](const scenario::BurstConnection& c) { return c.end == end; }));
}

struct TimelineSums {
  std::uint64_t opened = 0, upgraded = 0, echoes = 0, dropped = 0;
  std::map<int, std::uint64_t> statuses;
  std::map<std::uint16_t, std::uint64_t> codes;
};

inline TimelineSums sum_timeline(const scenario::BurstRecord& record) {
  TimelineSums sums;
  for (const auto& bucket : record.timeline) {
    sums.opened += bucket.opened;
    sums.upgraded += bucket.upgraded;
    sums.echoes += bucket.echoes;
    sums.dropped += bucket.dropped;
    for (const auto& [status, count] : bucket.http_statuses) sums.statuses[status] += count;
    for (const auto& [code, count] : bucket.close_codes) sums.codes[code] += count;
  }
  return sums;
}

inline std::string end_name(End end) {
  return std::string(scenario::burst_end_name(end));
}

// A port on 127.0.0.1 with nothing listening (bound, then released).
inline std::uint16_t unused_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::address_v4::loopback(), 0});
  return acceptor.local_endpoint().port();
}

}  // namespace wsconform::overload::test
