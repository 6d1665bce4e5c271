#include "reference_server.hpp"

#include <exception>
#include <iostream>
#include <utility>

namespace wsconform::websocketpp_server {
namespace {

// A refused handshake is answered without reading a large body: bound what a client can make us
// hold.
constexpr std::size_t kMaxHttpBodyBytes = 64 * 1024;
// A client that never answers our close frame is dropped after this (RFC 6455 §7.1.1 lets the
// server close TCP once the close handshake is over or has plainly failed).
constexpr long kCloseHandshakeTimeoutMs = 1000;
constexpr long kOpenHandshakeTimeoutMs = 5000;

std::string format_endpoint(const asio::ip::tcp::endpoint& where) {
  const std::string address = where.address().to_string();
  const std::string host = where.address().is_v6() ? "[" + address + "]" : address;
  return host + ":" + std::to_string(where.port());
}

std::optional<asio::ip::tcp::endpoint> parse_backend(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  asio::error_code error;
  const auto address = asio::ip::make_address(host, error);
  const std::string port = text.substr(colon + 1);
  if (error || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const unsigned long number = std::stoul(port);
  if (number == 0 || number > 65535) return std::nullopt;
  return asio::ip::tcp::endpoint(address, static_cast<unsigned short>(number));
}

}  // namespace

ReferenceServer::ReferenceServer(TargetOptions options)
    : options_(std::move(options)),
      policy_(options_),
      signals_(io_),
      drain_timer_(io_),
      message_budget_(options_.max_message_rate, options_.max_message_rate, Clock::now()) {
  configure_endpoint();
}

void ReferenceServer::configure_endpoint() {
  // websocketpp logs to stdout by default; stdout carries only the "listening on" protocol lines.
  endpoint_.get_alog().set_ostream(&std::cerr);
  endpoint_.get_elog().set_ostream(&std::cerr);
  if (options_.verbose) {
    endpoint_.set_access_channels(websocketpp::log::alevel::all);
    endpoint_.clear_access_channels(websocketpp::log::alevel::frame_payload);
    endpoint_.set_error_channels(websocketpp::log::elevel::all);
  } else {
    endpoint_.clear_access_channels(websocketpp::log::alevel::all);
    endpoint_.clear_error_channels(websocketpp::log::elevel::all);
  }

  endpoint_.init_asio(&io_);
  // A restart listens again on the same port while old connections may sit in TIME_WAIT.
  endpoint_.set_reuse_addr(true);
  // RFC 6455 §10.4: an endpoint limits message size; websocketpp closes larger ones with 1009.
  endpoint_.set_max_message_size(options_.max_message_size);
  endpoint_.set_max_http_body_size(kMaxHttpBodyBytes);
  endpoint_.set_close_handshake_timeout(kCloseHandshakeTimeoutMs);
  endpoint_.set_open_handshake_timeout(kOpenHandshakeTimeoutMs);

  endpoint_.set_validate_handler([this](Handle handle) { return on_validate(handle); });
  endpoint_.set_open_handler([this](Handle handle) { on_open(handle); });
  endpoint_.set_close_handler([this](Handle handle) { on_finished(handle); });
  endpoint_.set_fail_handler([this](Handle handle) { on_finished(handle); });
  endpoint_.set_message_handler(
      [this](Handle handle, MessagePtr message) { on_message(handle, std::move(message)); });
}

bool ReferenceServer::listen_on(const asio::ip::tcp::endpoint& where) {
  websocketpp::lib::error_code error;
  endpoint_.listen(where, error);
  if (!error) endpoint_.start_accept(error);
  if (error) {
    std::cerr << "wsconform-websocketpp-server: cannot listen on " << format_endpoint(where) << ": "
              << error.message() << "\n";
    return false;
  }
  asio::error_code local_error;
  bound_ = endpoint_.get_local_endpoint(local_error);
  return !local_error;
}

void ReferenceServer::announce(const std::string& line) {
  // Scripts and tests wait for these lines, so each one is flushed at once.
  std::cout << line << std::endl;
}

int ReferenceServer::run() {
  asio::error_code resolve_error;
  const auto address = asio::ip::make_address(options_.host, resolve_error);
  asio::ip::tcp::endpoint where;
  if (resolve_error) {
    asio::ip::tcp::resolver resolver(io_);
    const auto results =
        resolver.resolve(options_.host, std::to_string(options_.port), resolve_error);
    if (resolve_error || results.empty()) {
      std::cerr << "wsconform-websocketpp-server: cannot resolve host '" << options_.host
                << "': " << resolve_error.message() << "\n";
      return 1;
    }
    where = results.begin()->endpoint();
  } else {
    where = asio::ip::tcp::endpoint(address, options_.port);
  }
  if (!options_.backend.empty()) {
    backend_ = parse_backend(options_.backend);
    if (!backend_) {
      std::cerr << "wsconform-websocketpp-server: --backend wants IP:PORT, got '"
                << options_.backend << "'\n";
      return 2;
    }
  }
  if (!listen_on(where)) return 1;

  watch_signals();
  announce("listening on " + format_endpoint(bound_));

  // A handler that throws must not end the server: report it and keep serving. Our own handlers
  // catch everything, so this only guards against the library's own throws.
  for (;;) {
    try {
      io_.run();
      break;
    } catch (const std::exception& error) {
      std::cerr << "wsconform-websocketpp-server: unexpected exception: " << error.what() << "\n";
    }
  }
  return exit_status_;
}

}  // namespace wsconform::websocketpp_server
