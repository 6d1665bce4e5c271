// wsconform-websocketpp-server: the reference WebSocket server the harness is tested against.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "reference_server.hpp"
#include "target_options.hpp"

namespace {

using wsconform::websocketpp_server::TargetOptions;

constexpr int kUsageError = 2;
constexpr double kMaxMessageSizeLimit = 1u << 30;  // 1 GiB: large enough, still bounded

std::string broken_modes_help() {
  std::string help = "Break one behaviour on purpose (repeatable):";
  for (const auto& name : wsconform::websocketpp_server::broken_mode_names()) help += " " + name;
  return help;
}

void add_options(CLI::App& app, TargetOptions& options, std::vector<std::string>& broken_names) {
  app.add_option("--host", options.host, "Address to bind")->capture_default_str();
  app.add_option("--port", options.port, "Port to bind; 0 picks a free one")->capture_default_str();
  app.add_option("--max-message-size", options.max_message_size,
                 "Largest message in bytes; larger ones are closed with 1009")
      ->check(CLI::Range(1.0, kMaxMessageSizeLimit))
      ->capture_default_str();
  app.add_option("--max-connections", options.max_connections,
                 "Live connections allowed; past it handshakes get 503 (0: unlimited)")
      ->capture_default_str();
  app.add_option("--max-message-rate", options.max_message_rate,
                 "Messages per second, server-wide, burst of the same size; past it the "
                 "connection is closed with 1013 (0: unlimited)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_flag("--enable-faults", options.enable_faults,
               "Enable the fault triggers: message 'wsconform:throw' (1011), message "
               "'wsconform:restart' and SIGHUP (restart, 1012), path '/fault/handshake-throw' "
               "(HTTP 500)");
  app.add_option("--backend", options.backend,
                 "HOST:PORT of a TCP echo service: a text message starting 'wsconform:backend' "
                 "is answered by it; if it is unreachable the connection is closed with 1011")
      ->type_name("HOST:PORT");
  app.add_flag("--verbose", options.verbose, "websocketpp access and error log on stderr");
  app.add_option("--broken", broken_names, broken_modes_help())
      ->check(CLI::IsMember(wsconform::websocketpp_server::broken_mode_names()))
      ->allow_extra_args(false);
}

// Every connection is a descriptor, and the soft limit (often 1024) is far below what a load
// burst holds: raise it to the hard limit, the most a process may give itself (on these machines
// the hard limit cannot be raised, not even by root). Best effort: the server runs either way.
void raise_fd_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    std::cerr << "wsconform-websocketpp-server: cannot raise the file-descriptor limit\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "wsconform-websocketpp-server: reference WebSocket echo server with opt-in fault hooks"};
  TargetOptions options;
  std::vector<std::string> broken_names;
  add_options(app, options, broken_names);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);  // prints help, or the error message
    return status == 0 ? 0 : kUsageError;
  }
  for (const auto& name : broken_names) {
    options.broken.insert(
        *wsconform::websocketpp_server::parse_broken_mode(name));  // validated by IsMember
  }

  raise_fd_limit();
  // A peer that vanishes mid-write must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    wsconform::websocketpp_server::ReferenceServer server(options);
    return server.run();
  } catch (const std::exception& error) {
    std::cerr << "wsconform-websocketpp-server: " << error.what() << "\n";
    return 1;
  }
}
