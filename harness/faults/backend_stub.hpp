// The dependency a server talks to, stood in for by the harness so it can be cut and restored: it
// listens where the profile says the server's backend is and echoes what it gets, or forwards it
// to the real upstream. Down: the listener and every live connection are closed, so the server's
// next attempt is refused. Its own thread; the calls below are thread-safe and synchronous.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace wsconform::faults {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};
// "127.0.0.1:7001", "[::1]:7001"; nullopt if malformed.
std::optional<HostPort> parse_host_port(const std::string& text);

class BackendStub {
 public:
  BackendStub(HostPort listen_on, std::optional<HostPort> upstream);
  ~BackendStub();
  BackendStub(const BackendStub&) = delete;
  BackendStub& operator=(const BackendStub&) = delete;

  // Listens and serves; false with `error` if it cannot listen.
  bool start(std::string& error);
  // "" or what went wrong.
  std::string set_up(bool up);
  bool up() const;
  std::uint64_t connections_served() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wsconform::faults
