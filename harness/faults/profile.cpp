#include "faults/profile.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace wsconform::faults {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 20> kSignals = {{
    {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ABRT", SIGABRT}, {"KILL", SIGKILL},
    {"USR1", SIGUSR1}, {"SEGV", SIGSEGV}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM},
    {"TERM", SIGTERM}, {"BUS", SIGBUS},   {"FPE", SIGFPE},   {"ILL", SIGILL},   {"STOP", SIGSTOP},
    {"TSTP", SIGTSTP}, {"CONT", SIGCONT}, {"CHLD", SIGCHLD}, {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU},
}};

}  // namespace

scenario::TriggerSet TargetProfile::trigger_set() const {
  scenario::TriggerSet set;
  set.handler_exception_message = handler_exception_message;
  set.handshake_failure_path = handshake_failure_path;
  if (restart) {
    scenario::TriggerSet::Restart offered;
    offered.message = restart->message;
    offered.reconnect_within = restart->reconnect_within;
    set.restart = offered;
  }
  set.capacity = capacity;
  // A crash is only a fault the harness can recover from if the supervisor starts it again.
  set.crash = crash_signal.has_value() && start.has_value() && start->restart_on_exit;
  if (backend) set.backend_message = backend->message;
  return set;
}

std::string expand(std::string_view text, const Placeholders& values) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto take = [&](std::string_view name, const std::string& value) {
      if (text.compare(i, name.size(), name) != 0) return false;
      out += value;
      i += name.size();
      return true;
    };
    if (values.port && take("{port}", std::to_string(*values.port))) continue;
    if (values.backend_port && take("{backend_port}", std::to_string(*values.backend_port)))
      continue;
    if (take("{profile_dir}", values.profile_dir)) continue;
    out += text[i++];
  }
  return out;
}

bool uses_placeholder(std::string_view text, std::string_view name) {
  return text.find("{" + std::string(name) + "}") != std::string_view::npos;
}

std::optional<int> parse_signal(std::string_view text) {
  if (!text.empty() && text.front() >= '0' && text.front() <= '9') {
    int number = 0;
    const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || stop != text.data() + text.size() || number < 1 || number > 64)
      return std::nullopt;
    return number;
  }
  if (text.substr(0, 3) == "SIG") text.remove_prefix(3);
  for (const auto& [name, number] : kSignals) {
    if (text == name) return number;
  }
  return std::nullopt;
}

std::string signal_name(int signal) {
  for (const auto& [name, number] : kSignals) {
    if (number == signal) return "SIG" + std::string(name);
  }
  return "signal " + std::to_string(signal);
}

}  // namespace wsconform::faults
