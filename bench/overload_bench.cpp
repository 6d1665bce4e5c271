// The overload engine's benchmarks, each printing its figures and a ratio against its goal (never a
// pass/fail on timings):
//   1. connections held open at once against the reference target (goal >= 10,000 on 2 cores),
//      verified: every one upgraded and echoed, all upgraded at the same time (peak_upgraded),
//      the target's own descriptor count, and a close handshake with each at the end;
//   2. memory per held connection in this process: RSS while holding them, minus before, over N
//      (goal <= 8 KiB);
//   3. connection-open rate: the engine in TCP-only mode against a bare non-blocking
//      connect/close loop, same run, same in-process loopback acceptor (goal ratio >= 0.7).
//
//   build/default/bench/wsconform_overload_bench [HELD_CONNECTIONS] [CONNECTS_PER_ROUND]
//   (defaults 10000 and 20000)
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "overload/fd_limit.hpp"
#include "overload/run_burst.hpp"
#include "scenario/model/run.hpp"
#include "support/target_process.hpp"

namespace {

using namespace std::chrono_literals;
using namespace wsconform;
using Clock = std::chrono::steady_clock;
using End = scenario::BurstConnection::End;

constexpr int kRounds = 3;                    // connect-rate rounds, each side, interleaved
constexpr std::size_t kConnectInFlight = 64;  // connects in flight, both sides
constexpr auto kHold = 8s;                    // each held connection stays this long after its echo

// CPU time (user + system) of the calling thread, in microseconds.
double thread_cpu_us() {
  rusage usage{};
  ::getrusage(RUSAGE_THREAD, &usage);
  const auto us = [](const timeval& t) { return t.tv_sec * 1e6 + static_cast<double>(t.tv_usec); };
  return us(usage.ru_utime) + us(usage.ru_stime);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

std::size_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

std::size_t fd_count_of(pid_t pid) {
  std::error_code error;
  std::size_t count = 0;
  for (std::filesystem::directory_iterator it(fmt::format("/proc/{}/fd", pid), error), end;
       !error && it != end; it.increment(error))
    ++count;
  return count;
}

// "soft S, hard H" from the "Max open files" line of /proc/PID/limits.
std::string max_open_files_of(pid_t pid) {
  std::ifstream limits(fmt::format("/proc/{}/limits", pid));
  for (std::string line; std::getline(limits, line);) {
    if (line.rfind("Max open files", 0) != 0) continue;
    std::istringstream fields(line.substr(14));
    std::string soft, hard;
    fields >> soft >> hard;
    return fmt::format("soft {}, hard {}", soft, hard);
  }
  return "unknown";
}

scenario::Target target_at(std::uint16_t port) {
  std::string error;
  return scenario::parse_target_url(fmt::format("ws://127.0.0.1:{}/", port), &error)
      .value_or(scenario::Target{});
}

// --- 1 and 2: held connections and their memory -------------------------------------------

void held_connections(std::size_t wanted) {
  fmt::print(
      "== held connections against wsconform-websocketpp-server (and memory per connection)\n");
  const overload::FdLimits limits = overload::raise_fd_limit();
  fmt::print("harness fd limit: soft {} (was {}), hard {}; {} open now\n", limits.soft,
             limits.soft_before, limits.hard, overload::open_fd_count());

  testing::TargetProcess target(WSCONFORM_WEBSOCKETPP_SERVER_PATH,
                                {"--host", "127.0.0.1", "--port", "0"});
  const auto port = target.wait_until_listening(15s);
  if (!port) {
    fmt::print("the reference target did not start\n");
    return;
  }
  const std::size_t target_base_fds = fd_count_of(target.pid());
  fmt::print("target fd limit: {}; {} open before the burst\n", max_open_files_of(target.pid()),
             target_base_fds);

  scenario::BurstSpec spec;
  spec.connections = wanted;
  spec.concurrency = wanted;
  spec.messages = 1;
  spec.hold = kHold;
  spec.step_timeout = 20s;  // a SYN past the listen backlog is retried after 1 s, then 3 s
  spec.duration = 120s;
  spec.recover_within = 0ms;

  const std::size_t rss_before = rss_bytes();
  std::atomic<bool> done{false};
  scenario::BurstRecord record;
  std::thread runner([&] {
    record = overload::run_burst(target_at(*port), spec);
    done = true;
  });
  std::size_t rss_peak = rss_before, target_fds_peak = 0;
  while (!done) {
    rss_peak = std::max(rss_peak, rss_bytes());
    target_fds_peak = std::max(target_fds_peak, fd_count_of(target.pid()));
    std::this_thread::sleep_for(20ms);
  }
  runner.join();

  if (!record.error.empty()) {
    fmt::print("burst error: {}\n", record.error);
    return;
  }
  for (const auto& note : record.notes) fmt::print("note: {}\n", note);
  std::size_t upgraded = 0, echoed = 0, closed_1000 = 0;
  for (const auto& c : record.connections) {
    if (c.upgraded_us >= 0) ++upgraded;
    if (c.echoes == 1 && !c.echo_mismatch) ++echoed;
    if (c.end == End::closed && c.close_code == 1000) ++closed_1000;
  }
  const std::size_t n = record.connections.size();
  const std::size_t held = record.metrics.peak_upgraded;
  fmt::print("asked {}, ran {} (concurrency {}), in {:.0f} ms\n", wanted, n,
             record.spec.concurrency, record.metrics.elapsed_ms);
  fmt::print("upgraded {}, echoed {}, closed cleanly with 1000 at the end {}\n", upgraded, echoed,
             closed_1000);
  fmt::print("handshake latency p50 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms\n",
             record.metrics.handshake_p50_ms, record.metrics.handshake_p99_ms,
             record.metrics.handshake_max_ms);
  fmt::print("target descriptors at peak: {} ({} of them above its idle count)\n", target_fds_peak,
             target_fds_peak - std::min(target_fds_peak, target_base_fds));
  fmt::print("held open at once (upgraded, not ended): {:6}   goal >= 10000   ratio {:.2f}\n", held,
             static_cast<double>(held) / 10000.0);
  if (held > 0) {
    const double per_connection =
        static_cast<double>(rss_peak - std::min(rss_peak, rss_before)) / static_cast<double>(held);
    fmt::print("harness RSS {:.1f} MiB before, {:.1f} MiB at peak\n", rss_before / 1048576.0,
               rss_peak / 1048576.0);
    fmt::print("memory per held connection: {:8.0f} B   goal <= 8192 B   ratio {:.2f}\n",
               per_connection, per_connection / 8192.0);
  }
}

// --- 3: connection-open rate ---------------------------------------------------------------

// Accepts and closes on its own thread until destroyed.
class LoopbackAcceptor {
 public:
  LoopbackAcceptor() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::listen(fd_, 4096) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
      return;
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { loop(); });
  }
  ~LoopbackAcceptor() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) ::close(fd_);
  }
  std::uint16_t port() const { return port_; }

 private:
  void loop() {
    while (!stop_) {
      pollfd watched{fd_, POLLIN, 0};
      if (::poll(&watched, 1, 50) <= 0) continue;
      for (;;) {
        const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) break;
        ::close(client);
      }
    }
  }
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Bare non-blocking connects, `in_flight` at a time, each closed (abortively, as the engine's
// TCP-only mode does) as soon as it completes. Returns completed connects per second.
double bare_connect_rate(std::uint16_t port, std::size_t total, std::size_t in_flight) {
  const int epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  std::size_t started = 0, completed = 0, pending = 0;
  const linger abortive{1, 0};
  const int one = 1;
  auto close_abortively = [&](int fd) {
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    ::close(fd);
  };
  auto start_one = [&] {
    ++started;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int result = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    if (result == 0) {
      ++completed;
      close_abortively(fd);
      return;
    }
    if (errno != EINPROGRESS) {
      ::close(fd);
      return;
    }
    epoll_event event{};
    event.events = EPOLLOUT;
    event.data.fd = fd;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event);
    ++pending;
  };
  const auto begin = Clock::now();
  while (started < total && pending < in_flight) start_one();
  std::vector<epoll_event> events(in_flight);
  while (pending > 0) {
    const int ready = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), 5000);
    if (ready <= 0) break;
    for (int i = 0; i < ready; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      int error = 0;
      socklen_t size = sizeof error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size);
      if (error == 0) ++completed;
      ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
      close_abortively(fd);
      --pending;
      if (started < total) start_one();
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  ::close(epoll_fd);
  return static_cast<double>(completed) / seconds;
}

double engine_connect_rate(std::uint16_t port, std::size_t total, std::size_t in_flight) {
  scenario::BurstSpec spec;
  spec.connections = total;
  spec.concurrency = in_flight;
  spec.handshake = false;
  spec.duration = 60s;
  spec.recover_within = 0ms;
  const auto record = overload::run_burst(target_at(port), spec);
  std::size_t closed = 0;
  for (const auto& c : record.connections) closed += c.end == End::closed;
  if (!record.error.empty() || closed != total) {
    fmt::print("engine round: {} of {} connects ({})\n", closed, total, record.error);
  }
  return record.metrics.connects_per_s;
}

void connect_rate(std::size_t per_round) {
  fmt::print(
      "== connection-open rate (TCP connect + close, {} in flight, {} per round, {} "
      "rounds each, interleaved)\n",
      kConnectInFlight, per_round, kRounds);
  LoopbackAcceptor acceptor;
  if (acceptor.port() == 0) {
    fmt::print("cannot listen on 127.0.0.1\n");
    return;
  }
  // Both sides run on this thread (the acceptor has its own), so its CPU time is the client's.
  std::vector<double> bare, engine, bare_cpu, engine_cpu;
  const auto per_connect = [per_round](double cpu_before) {
    return (thread_cpu_us() - cpu_before) / static_cast<double>(per_round);
  };
  for (int round = 0; round < kRounds; ++round) {
    double cpu = thread_cpu_us();
    bare.push_back(bare_connect_rate(acceptor.port(), per_round, kConnectInFlight));
    bare_cpu.push_back(per_connect(cpu));
    cpu = thread_cpu_us();
    engine.push_back(engine_connect_rate(acceptor.port(), per_round, kConnectInFlight));
    engine_cpu.push_back(per_connect(cpu));
  }
  const double bare_rate = median(bare), engine_rate = median(engine);
  fmt::print("bare non-blocking loop: {:8.0f} connects/s (median), client CPU {:.1f} us/connect\n",
             bare_rate, median(bare_cpu));
  fmt::print("engine, TCP-only mode:  {:8.0f} connects/s (median), client CPU {:.1f} us/connect\n",
             engine_rate, median(engine_cpu));
  fmt::print("ratio engine / bare:    {:8.2f}        goal >= 0.7\n", engine_rate / bare_rate);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t held = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
  const std::size_t per_round = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 20000;
  // First, while this process's heap is fresh, so that RSS growth is the connections' own.
  held_connections(std::max<std::size_t>(1, held));
  connect_rate(std::max<std::size_t>(1, per_round));
  return 0;
}
