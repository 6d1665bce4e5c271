// The whole suite against the reference target, timed, beside one bare exchange measured in the
// same run: connect + handshake + one echo + close handshake with the tests' blocking raw client.
// Prints the suite's wall time (with `run`'s default --jobs for a local target), the median case
// time (jobs = 1, so cases do not wait on each other) and that median divided by the bare
// exchange's median.
//
// A failing server must not cost much more than a conforming one (issue 12: at most 3x): the same
// rounds also time the suite against the raw server in a broken mode that fails every UTF-8 case
// (no-utf8-check), and print its wall time as a ratio of the reference target's.
//
//   build/default/bench/wsconform_suite_bench [ROUNDS]     (default 5; medians over the rounds)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/build_info.hpp"
#include "scenario/loader/loader.hpp"
#include "scenario/model/verdict.hpp"
#include "scenario/runner/runner.hpp"
#include "support/raw_ws_client.hpp"
#include "support/target_process.hpp"
#include "wire/frame.hpp"

namespace {

using namespace std::chrono_literals;
using namespace wsconform;
using Clock = std::chrono::steady_clock;

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A started target's URL, or nullopt after saying why.
std::optional<scenario::Target> start_target(testing::TargetProcess& target, const char* what) {
  const auto port = target.wait_until_listening(15s);
  if (!port) {
    fmt::print(stderr, "suite_bench: the {} did not start\n", what);
    return std::nullopt;
  }
  std::string error;
  auto url = scenario::parse_target_url(fmt::format("ws://127.0.0.1:{}/", *port), &error);
  if (!url) fmt::print(stderr, "suite_bench: {}\n", error);
  return url;
}

// One bare exchange; -1 if any part of it failed.
double bare_exchange_ms(std::uint16_t port) {
  const auto start = Clock::now();
  testing::RawWsClient client;
  if (!client.open(port)) return -1;
  if (!client.send_text("bench")) return -1;
  const auto echo = client.read();
  if (echo.kind != testing::Incoming::Kind::frame) return -1;
  if (!client.send_close(1000)) return -1;
  if (!client.read_until_close().is_close()) return -1;
  client.read_until_tcp_end();
  return ms_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const std::vector<scenario::Case> cases = scenario::load_scenarios(WSCONFORM_SCENARIO_DIR);
  testing::TargetProcess target(WSCONFORM_WEBSOCKETPP_SERVER_PATH,
                                {"--host", "127.0.0.1", "--port", "0"});
  testing::TargetProcess broken(WSCONFORM_RAW_SERVER_PATH,
                                {"--host", "127.0.0.1", "--port", "0", "--mode", "no-utf8-check"});
  const auto url = start_target(target, "reference target");
  const auto broken_url = start_target(broken, "broken raw server");
  if (!url || !broken_url) return 2;
  const std::uint16_t port = url->port;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned jobs = cli::default_run_jobs(true);  // what `wsconform run` uses on loopback

  std::vector<double> wall_ms, broken_wall_ms, median_case_ms, bare_ms;
  std::size_t not_conformant = 0, broken_fails = 0;
  for (int round = 0; round < rounds; ++round) {
    // Bare exchanges and suite runs interleave, so both see the same machine.
    for (int i = 0; i < 200; ++i) {
      const double ms = bare_exchange_ms(port);
      if (ms < 0) {
        fmt::print(stderr, "suite_bench: a bare exchange failed\n");
        return 2;
      }
      bare_ms.push_back(ms);
    }
    scenario::RunOptions options;
    options.jobs = jobs;
    const auto start = Clock::now();
    const auto parallel = scenario::run_cases(cases, *url, options, scenario::JudgeOptions{});
    wall_ms.push_back(ms_since(start));
    for (const auto& result : parallel) {
      if (result.judgement.verdict == scenario::Verdict::fail ||
          result.judgement.verdict == scenario::Verdict::error)
        ++not_conformant;
    }
    const auto broken_start = Clock::now();
    const auto failing = scenario::run_cases(cases, *broken_url, options, scenario::JudgeOptions{});
    broken_wall_ms.push_back(ms_since(broken_start));
    for (const auto& result : failing)
      if (result.judgement.verdict == scenario::Verdict::fail) ++broken_fails;
    options.jobs = 1;
    std::vector<double> case_ms;
    for (const auto& result : scenario::run_cases(cases, *url, options, scenario::JudgeOptions{}))
      case_ms.push_back(result.duration_ms);
    median_case_ms.push_back(median(case_ms));
  }

  const double bare = median(bare_ms);
  const double per_case = median(median_case_ms);
  fmt::print("suite: {} cases, {} rounds, {} cores\n", cases.size(), rounds, cores);
  fmt::print("suite wall time (jobs={}):          {:8.1f} ms   (median; goal < 10000 ms)\n", jobs,
             median(wall_ms));
  fmt::print("median case time (jobs=1):          {:8.3f} ms\n", per_case);
  fmt::print("bare connect+handshake+echo+close:  {:8.3f} ms   (median of {})\n", bare,
             bare_ms.size());
  fmt::print("ratio median case / bare:           {:8.2f}      (goal < 3)\n", per_case / bare);
  const double broken_wall = median(broken_wall_ms);
  fmt::print("suite wall time, broken no-utf8-check: {:5.1f} ms   ({} fail verdicts per round)\n",
             broken_wall, broken_fails / static_cast<std::size_t>(rounds));
  fmt::print("ratio broken / reference wall time: {:8.2f}      (goal <= 3)\n",
             broken_wall / median(wall_ms));
  // The broken leg proves nothing if the mode stopped failing cases.
  if (broken_fails == 0) {
    fmt::print(stderr, "suite_bench: the broken server failed no case\n");
    return 2;
  }
  if (not_conformant)
    fmt::print("warning: {} fail or error verdicts in the runs\n", not_conformant);
  return 0;
}
