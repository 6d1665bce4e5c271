#include "cli/tcp_preflight.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "cli/console_text.hpp"

namespace wsconform::cli {

namespace {

struct AddressList {
  addrinfo* head = nullptr;
  ~AddressList() {
    if (head != nullptr) freeaddrinfo(head);
  }
};

struct Socket {
  int fd = -1;
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }
};

// The handshake sent on the preflight connection: a complete HTTP upgrade request.
struct HandshakeProbe {
  std::string request;
};

struct PreflightProblem {
  bool reached = false;  // the TCP connection was made (the handshake is what failed)
  std::string text;
};

// Waits until `fd` is ready for `events` or `deadline` passes; false on timeout or error.
bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd waiting{fd, events, 0};
    const int ready = ::poll(&waiting, 1, static_cast<int>(left.count()));
    if (ready > 0) return true;
    if (ready == 0 || errno != EINTR) return false;
  }
}

// What the server said to the probe, judged only as far as "is this HTTP at all".
std::optional<std::string> probe_answer_problem(int fd, const HandshakeProbe& probe,
                                                std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t sent = 0;
  while (sent < probe.request.size()) {
    if (!wait_for(fd, POLLOUT, deadline)) return std::nullopt;  // not reading: the cases will see
    const ssize_t wrote =
        ::send(fd, probe.request.data() + sent, probe.request.size() - sent, MSG_NOSIGNAL);
    if (wrote < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (wrote <= 0) return std::nullopt;  // closed on us: the cases record that
    sent += static_cast<std::size_t>(wrote);
  }
  // RFC 6455 §4.1 / RFC 9112 §4: the answer is an HTTP status line, "HTTP/" first. Only the
  // first bytes are read (a bounded buffer, whatever the server sends).
  constexpr std::string_view kHttp = "HTTP/";
  char buffer[64];
  std::size_t got = 0;
  while (got < kHttp.size()) {
    if (!wait_for(fd, POLLIN, deadline)) {
      if (got > 0) return std::nullopt;  // a slow but HTTP-looking start
      return fmt::format(
          "the server accepted the connection but did not answer a WebSocket handshake within "
          "{} ms",
          timeout.count());
    }
    const ssize_t read = ::recv(fd, buffer + got, sizeof buffer - got, 0);
    if (read < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (read <= 0) return std::nullopt;  // closed without (more of) a word: the cases record it
    got += static_cast<std::size_t>(read);
    const std::size_t compared = std::min(got, kHttp.size());
    if (std::string_view(buffer, compared) != kHttp.substr(0, compared)) {
      return "the server answered a WebSocket handshake with bytes that are not HTTP: \"" +
             console_text(std::string_view(buffer, got), 40) + "\"";
    }
  }
  return std::nullopt;
}

// Connects `socket` to one address without blocking longer than `timeout`. Returns 0 or an errno
// value.
int connect_with_timeout(Socket& socket, const addrinfo& address,
                         std::chrono::milliseconds timeout) {
  socket.fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                       address.ai_protocol);
  if (socket.fd < 0) return errno;
  if (::connect(socket.fd, address.ai_addr, address.ai_addrlen) == 0) return 0;
  if (errno != EINPROGRESS) return errno;
  pollfd waiting{socket.fd, POLLOUT, 0};
  int ready = 0;
  do {
    ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  if (ready == 0) return ETIMEDOUT;
  if (ready < 0) return errno;
  int error = 0;
  socklen_t length = sizeof error;
  if (::getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
  return error;
}

// Connects to host:port; then, with a probe, sends it and waits up to `timeout` for the first
// bytes back.
std::optional<PreflightProblem> handshake_problem(const std::string& host, std::uint16_t port,
                                                  std::chrono::milliseconds timeout,
                                                  const HandshakeProbe* probe) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  AddressList addresses;
  const std::string service = std::to_string(port);
  if (const int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses.head);
      status != 0) {
    return PreflightProblem{false,
                            fmt::format("cannot resolve '{}': {}", host, gai_strerror(status))};
  }
  std::string last_problem = "no address to connect to";
  for (const addrinfo* address = addresses.head; address != nullptr; address = address->ai_next) {
    Socket socket;
    const int error = connect_with_timeout(socket, *address, timeout);
    if (error == 0) {
      if (probe == nullptr) return std::nullopt;
      if (auto problem = probe_answer_problem(socket.fd, *probe, timeout))
        return PreflightProblem{true, std::move(*problem)};
      return std::nullopt;
    }
    last_problem = error == ETIMEDOUT ? fmt::format("no answer within {} ms", timeout.count())
                                      : std::string(std::strerror(error));
  }
  return PreflightProblem{false, last_problem};
}

HandshakeProbe handshake_probe(std::string_view host_header, std::string_view path) {
  // RFC 6455 §4.1: GET, Host, Upgrade, Connection, a 16-byte key in base64, version 13. The key
  // is the RFC's own example; nothing depends on it (the answer is only checked to be HTTP).
  return {
      fmt::format("GET {} HTTP/1.1\r\nHost: {}\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n",
                  path, host_header)};
}

}  // namespace

std::optional<std::string> target_preflight_problem(const scenario::Target& target) {
  // A ws:// target also gets one handshake on the preflight connection (wss:// would need TLS
  // first; its cases find out). A server that cannot be tested ends the run here, with exit 2,
  // instead of making each case wait out its timeout.
  const HandshakeProbe probe = handshake_probe(target.host_header(), target.path);
  const auto problem =
      handshake_problem(target.host, target.port, kPreflightTimeout, target.tls ? nullptr : &probe);
  if (!problem) return std::nullopt;
  return fmt::format("{} the target {} ({}:{}): {}",
                     problem->reached ? "cannot test" : "cannot reach", target.url, target.host,
                     target.port, problem->text);
}

}  // namespace wsconform::cli
