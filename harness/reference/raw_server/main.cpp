// wsconform-raw-server: the raw strict WebSocket server as a program.
//   wsconform-raw-server [--host 127.0.0.1] [--port 0] [--mode MODE]... [--liberal MODE]...
//                       [--abort-on-rsv]
// Prints "listening on HOST:PORT" once it accepts connections; runs until SIGINT or SIGTERM.
// Exit status: 0 after a signal, 1 when it cannot listen, 2 for a usage error (an unknown broken
// or liberal mode).
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "reference/raw_server/broken_mode.hpp"
#include "reference/raw_server/liberal_mode.hpp"
#include "reference/raw_server/raw_server.hpp"

namespace {

constexpr int kUsageError = 2;

std::string name_list(const std::vector<std::string_view>& names) {
  std::string list;
  for (const std::string_view name : names) list += fmt::format("  {}\n", name);
  return list;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace wsconform::raw_server;
  CLI::App app{
      "The raw strict WebSocket echo server, optionally broken in chosen ways or liberal in ways "
      "RFC 6455 allows"};
  RawServerOptions options;
  std::vector<std::string> mode_names;
  std::vector<std::string> liberal_names;
  app.add_option("--host", options.host, "address to listen on")->capture_default_str();
  app.add_option("--port", options.port, "port to listen on (0: any free port)")
      ->capture_default_str();
  app.add_option("--mode", mode_names, "a broken mode (repeatable)");
  app.add_option("--liberal", liberal_names,
                 "a liberal mode: a freedom RFC 6455 gives, every MUST kept (repeatable)");
  app.add_option("--max-message-size", options.max_message_size, "frame and message limit")
      ->capture_default_str();
  app.add_flag("--abort-on-rsv", options.abort_on_rsv,
               "A planted crash: a frame with an RSV bit aborts the process (to test supervision)");
  bool list_modes = false;
  bool list_liberal = false;
  app.add_flag("--list-modes", list_modes, "print the broken modes, one per line, and exit");
  app.add_flag("--list-liberal", list_liberal, "print the liberal modes, one per line, and exit");
  CLI11_PARSE(app, argc, argv);
  if (list_modes || list_liberal) {
    for (const std::string_view name : list_modes ? broken_mode_names() : liberal_mode_names()) {
      fmt::print("{}\n", name);
    }
    return 0;
  }

  for (const std::string& name : mode_names) {
    const std::optional<BrokenMode> mode = parse_broken_mode(name);
    if (!mode) {
      fmt::print(stderr, "unknown mode '{}'; valid modes:\n{}", name,
                 name_list(broken_mode_names()));
      return kUsageError;
    }
    options.modes.insert(*mode);
  }
  for (const std::string& name : liberal_names) {
    const std::optional<LiberalMode> liberty = parse_liberal_mode(name);
    if (!liberty) {
      fmt::print(stderr, "unknown liberal mode '{}'; valid liberal modes:\n{}", name,
                 name_list(liberal_mode_names()));
      return kUsageError;
    }
    options.liberties.insert(*liberty);
  }

  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  RawServer server(options);
  try {
    const std::uint16_t port = server.start();
    fmt::print("listening on {}:{}\n", options.host, port);
    std::fflush(stdout);
  } catch (const std::exception& error) {
    fmt::print(stderr, "cannot listen on {}:{}: {}\n", options.host, options.port, error.what());
    return 1;
  }
  int received = 0;
  sigwait(&stop_signals, &received);
  server.stop();
  return 0;
}
