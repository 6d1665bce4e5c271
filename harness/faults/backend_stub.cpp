#include "faults/backend_stub.hpp"

#include "net/asio_prelude.hpp"  // before any Asio header

#include <array>
#include <asio.hpp>
#include <atomic>
#include <charconv>
#include <future>
#include <set>
#include <thread>

namespace wsconform::faults {
namespace {

constexpr std::size_t kChunk = 16 * 1024;

// One accepted connection: echoes, or relays both ways to the upstream.
class Relay : public std::enable_shared_from_this<Relay> {
 public:
  explicit Relay(asio::ip::tcp::socket client)
      : client_(std::move(client)), upstream_(client_.get_executor()) {}

  void start_echo() { pump(client_, client_, client_buffer_); }
  void start_forward(const asio::ip::tcp::endpoint& upstream) {
    auto self = shared_from_this();
    upstream_.async_connect(upstream, [self](const asio::error_code& error) {
      if (error) return self->close();
      self->pump(self->client_, self->upstream_, self->client_buffer_);
      self->pump(self->upstream_, self->client_, self->upstream_buffer_);
    });
  }
  bool is_open() const { return client_.is_open(); }
  void close() {
    asio::error_code ignored;
    client_.close(ignored);
    upstream_.close(ignored);
  }

 private:
  void pump(asio::ip::tcp::socket& from, asio::ip::tcp::socket& to,
            std::array<char, kChunk>& buffer) {
    auto self = shared_from_this();
    from.async_read_some(asio::buffer(buffer),
                         [self, &from, &to, &buffer](const asio::error_code& error, std::size_t n) {
                           if (error) return self->close();
                           asio::async_write(to, asio::buffer(buffer.data(), n),
                                             [self, &from, &to, &buffer](
                                                 const asio::error_code& write_error, std::size_t) {
                                               if (write_error) return self->close();
                                               self->pump(from, to, buffer);
                                             });
                         });
  }

  asio::ip::tcp::socket client_;
  asio::ip::tcp::socket upstream_;
  std::array<char, kChunk> client_buffer_{};
  std::array<char, kChunk> upstream_buffer_{};
};

}  // namespace

struct BackendStub::State {
  HostPort listen_on;
  std::optional<HostPort> upstream;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  asio::ip::tcp::acceptor acceptor{io};
  asio::ip::tcp::endpoint where;
  std::optional<asio::ip::tcp::endpoint> upstream_endpoint;
  std::set<std::shared_ptr<Relay>> relays;  // io thread only
  std::atomic<bool> is_up{false};
  std::atomic<std::uint64_t> served{0};
  std::thread thread;

  std::string listen() {
    asio::error_code error;
    acceptor.open(where.protocol(), error);
    if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor.bind(where, error);
    if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
      asio::error_code ignored;
      acceptor.close(ignored);
      return "cannot listen on " + listen_on.host + ":" + std::to_string(listen_on.port) + ": " +
             error.message();
    }
    is_up = true;
    accept();
    return "";
  }

  void accept() {
    acceptor.async_accept([this](const asio::error_code& error, asio::ip::tcp::socket socket) {
      if (error) return;  // closed: the backend is down
      ++served;
      std::erase_if(relays, [](const std::shared_ptr<Relay>& done) { return !done->is_open(); });
      auto relay = std::make_shared<Relay>(std::move(socket));
      relays.insert(relay);
      if (upstream_endpoint) {
        relay->start_forward(*upstream_endpoint);
      } else {
        relay->start_echo();
      }
      accept();
    });
  }

  void cut() {
    is_up = false;
    asio::error_code ignored;
    acceptor.close(ignored);
    for (const auto& relay : relays) relay->close();
    relays.clear();
  }
};

std::optional<HostPort> parse_host_port(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  HostPort out;
  out.host = text.substr(0, colon);
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  const std::string port = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (error != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
    return std::nullopt;
  }
  out.port = static_cast<std::uint16_t>(value);
  return out;
}

BackendStub::BackendStub(HostPort listen_on, std::optional<HostPort> upstream)
    : state_(std::make_unique<State>()) {
  state_->listen_on = std::move(listen_on);
  state_->upstream = std::move(upstream);
}

BackendStub::~BackendStub() {
  if (!state_->thread.joinable()) return;
  asio::post(state_->io, [state = state_.get()] {
    state->cut();
    state->work.reset();
  });
  state_->thread.join();
}

bool BackendStub::start(std::string& error) {
  asio::error_code resolve_error;
  const auto address = asio::ip::make_address(state_->listen_on.host, resolve_error);
  if (resolve_error) {
    error = "the backend address must be an IP address, got '" + state_->listen_on.host + "'";
    return false;
  }
  state_->where = asio::ip::tcp::endpoint(address, state_->listen_on.port);
  if (state_->upstream) {
    asio::ip::tcp::resolver resolver(state_->io);
    const auto results = resolver.resolve(state_->upstream->host,
                                          std::to_string(state_->upstream->port), resolve_error);
    if (resolve_error || results.empty()) {
      error = "cannot resolve the backend upstream '" + state_->upstream->host + "'";
      return false;
    }
    state_->upstream_endpoint = results.begin()->endpoint();
  }
  error = state_->listen();
  if (!error.empty()) return false;
  state_->thread = std::thread([state = state_.get()] { state->io.run(); });
  return true;
}

std::string BackendStub::set_up(bool up) {
  if (!state_->thread.joinable()) return "the backend stand-in is not running";
  std::promise<std::string> done;
  std::future<std::string> result = done.get_future();
  asio::post(state_->io, [state = state_.get(), up, &done] {
    if (up == state->is_up.load()) {
      done.set_value("");
    } else if (up) {
      done.set_value(state->listen());
    } else {
      state->cut();
      done.set_value("");
    }
  });
  return result.get();
}

bool BackendStub::up() const {
  return state_->is_up.load();
}

std::uint64_t BackendStub::connections_served() const {
  return state_->served.load();
}

}  // namespace wsconform::faults
