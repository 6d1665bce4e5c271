// The target profile's YAML (profiles/README.md), read with the scenario loader's strict readers:
// unknown keys, wrong types and impossible combinations are errors naming the file and line.
#include <charconv>
#include <fstream>
#include <sstream>

#include "faults/profile.hpp"
#include "scenario/loader/context.hpp"
#include "scenario/loader/loader.hpp"
#include "scenario/loader/yaml_tree.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::faults {
namespace {

using scenario::kMaxMilliseconds;
using scenario::LoadContext;
using scenario::MapReader;
namespace yaml = scenario::yaml;

constexpr std::uint64_t kMaxCapacityConnections = 1000000;
// The largest capacity.message_size: what RFC 6455 §5.2 can frame (a 63-bit length).
constexpr std::uint64_t kMaxDeclaredMessageSize = (std::uint64_t{1} << 63) - 1;
constexpr double kMaxMessageRate = 1e9;

std::chrono::milliseconds read_ms(const MapReader& map, std::string_view key,
                                  std::chrono::milliseconds fallback) {
  const auto value = map.unsigned_integer(key, kMaxMilliseconds);
  return value ? std::chrono::milliseconds(static_cast<std::int64_t>(*value)) : fallback;
}

int read_signal(const LoadContext& context, const yaml::Value& value, std::string_view key) {
  const std::string text = scenario::read_string(context, value, key);
  const std::optional<int> signal = parse_signal(text);
  // Signals that stop, continue or only notify a process would leave it frozen or untouched.
  if (signal && (*signal == SIGSTOP || *signal == SIGTSTP || *signal == SIGCONT ||
                 *signal == SIGCHLD || *signal == SIGTTIN || *signal == SIGTTOU)) {
    context.fail(value, "'" + std::string(key) + "' cannot be " + signal_name(*signal) +
                            ": it does not end or restart a process");
  }
  if (!signal) {
    context.fail(value, "expected a signal (SIGTERM, HUP, 15, ...) for '" + std::string(key) +
                            "', got " + yaml::describe(value));
  }
  return *signal;
}

std::vector<std::string> read_command(const LoadContext& context, const yaml::Value& value) {
  std::vector<std::string> command = scenario::read_string_list(context, value, "command");
  if (command.empty() || command.front().empty()) {
    context.fail(value, "'command' needs at least the program to run");
  }
  return command;
}

std::map<std::string, std::string> read_string_map(const LoadContext& context,
                                                   const yaml::Value& value, std::string_view key) {
  if (!value.is_map()) {
    context.fail(value,
                 "expected a map for '" + std::string(key) + "', got " + yaml::describe(value));
  }
  std::map<std::string, std::string> out;
  for (const yaml::Entry& entry : value.entries) {
    out[entry.key] = scenario::read_string(context, entry.value, entry.key);
  }
  return out;
}

double read_rate(const LoadContext& context, const yaml::Value& value, std::string_view key) {
  const double rate = scenario::read_number(context, value, key, kMaxMessageRate);
  if (rate <= 0) context.fail(value, "'" + std::string(key) + "' must be above 0");
  return rate;
}

// host:port with a port of 1-65535 or a placeholder.
std::string read_address(const LoadContext& context, const yaml::Value& value,
                         std::string_view key) {
  const std::string address = scenario::read_string(context, value, key);
  const std::size_t colon = address.rfind(':');
  const std::string port = colon == std::string::npos ? "" : address.substr(colon + 1);
  bool port_ok = port.find('{') == 0;  // a placeholder, checked when it is expanded
  if (!port_ok && !port.empty() && port.size() <= 5) {
    unsigned value_number = 0;
    const auto [stop, error] =
        std::from_chars(port.data(), port.data() + port.size(), value_number);
    port_ok = error == std::errc() && stop == port.data() + port.size() && value_number > 0 &&
              value_number <= 65535;
  }
  if (colon == 0 || colon == std::string::npos || !port_ok) {
    context.fail(value,
                 "expected host:port for '" + std::string(key) + "', got " + yaml::describe(value));
  }
  return address;
}

StartSpec read_start(const LoadContext& context, const yaml::Value& value) {
  const MapReader map(context, value, "start",
                      {"command", "environment", "working_directory", "ready", "ready_timeout_ms",
                       "stop_signal", "stop_timeout_ms", "restart_on_exit", "max_restarts"});
  StartSpec start;
  start.command = read_command(context, map.required("command"));
  if (const yaml::Value* environment = map.get("environment")) {
    start.environment = read_string_map(context, *environment, "environment");
  }
  start.working_directory = map.string("working_directory").value_or("");
  if (const yaml::Value* ready = map.get("ready")) {
    const MapReader how(context, *ready, "ready", {"stdout_line", "tcp"});
    start.ready_line = how.string("stdout_line");
    start.ready_tcp = how.boolean("tcp", false);
    if (start.ready_line && start.ready_line->empty()) {
      context.fail(*ready, "'stdout_line' is empty: every line would match");
    }
    if (start.ready_line.has_value() == start.ready_tcp) {
      context.fail(*ready, "'ready' takes one of 'stdout_line' or 'tcp: true'");
    }
  } else {
    start.ready_tcp = true;
  }
  start.ready_timeout = read_ms(map, "ready_timeout_ms", start.ready_timeout);
  if (const yaml::Value* signal = map.get("stop_signal")) {
    start.stop_signal = read_signal(context, *signal, "stop_signal");
  }
  start.stop_timeout = read_ms(map, "stop_timeout_ms", start.stop_timeout);
  start.restart_on_exit = map.boolean("restart_on_exit", start.restart_on_exit);
  start.max_restarts = static_cast<unsigned>(
      map.unsigned_integer("max_restarts", 1000).value_or(start.max_restarts));
  return start;
}

RestartTrigger read_restart(const LoadContext& context, const yaml::Value& value, bool started) {
  const MapReader map(
      context, value, "restart",
      {"message", "signal", "command", "command_timeout_ms", "reconnect_within_ms"});
  RestartTrigger restart;
  restart.message = map.string("message");
  if (const yaml::Value* signal = map.get("signal")) {
    if (!started)
      context.fail(*signal, "a restart by 'signal' needs 'start' (the harness's child)");
    restart.signal = read_signal(context, *signal, "signal");
  }
  if (const yaml::Value* command = map.get("command")) {
    restart.command = read_command(context, *command);
  }
  const int ways =
      (restart.message ? 1 : 0) + (restart.signal ? 1 : 0) + (restart.command.empty() ? 0 : 1);
  if (ways != 1) {
    context.fail(value, "'restart' takes exactly one of 'message', 'signal' or 'command'");
  }
  restart.command_timeout = read_ms(map, "command_timeout_ms", restart.command_timeout);
  restart.reconnect_within = read_ms(map, "reconnect_within_ms", restart.reconnect_within);
  return restart;
}

void read_triggers(const LoadContext& context, const yaml::Value& value, TargetProfile& profile) {
  const MapReader map(
      context, value, "triggers",
      {"handler_exception", "handshake_failure", "restart", "capacity", "crash", "backend"});
  if (const yaml::Value* handler = map.get("handler_exception")) {
    const MapReader trigger(context, *handler, "handler_exception", {"message"});
    profile.handler_exception_message =
        scenario::read_string(context, trigger.required("message"), "message");
  }
  if (const yaml::Value* handshake = map.get("handshake_failure")) {
    const MapReader trigger(context, *handshake, "handshake_failure", {"path"});
    const yaml::Value& path = trigger.required("path");
    profile.handshake_failure_path = scenario::read_string(context, path, "path");
    if (profile.handshake_failure_path->empty() || profile.handshake_failure_path->front() != '/') {
      context.fail(path, "'path' is a request path starting with '/', got " + yaml::describe(path));
    }
  }
  if (const yaml::Value* restart = map.get("restart")) {
    profile.restart = read_restart(context, *restart, profile.start.has_value());
  }
  if (const yaml::Value* capacity = map.get("capacity")) {
    const MapReader trigger(context, *capacity, "capacity",
                            {"connections", "message_rate", "message_size"});
    scenario::TriggerSet::Capacity limits;
    limits.connections = static_cast<std::size_t>(
        trigger.unsigned_integer("connections", kMaxCapacityConnections).value_or(0));
    if (const yaml::Value* rate = trigger.get("message_rate")) {
      limits.message_rate = read_rate(context, *rate, "message_rate");
    }
    limits.message_size =
        trigger.unsigned_integer("message_size", kMaxDeclaredMessageSize).value_or(0);
    if (limits.connections == 0 && limits.message_rate == 0 && limits.message_size == 0) {
      context.fail(*capacity,
                   "'capacity' needs 'connections', 'message_rate' or 'message_size' (above 0)");
    }
    profile.capacity = limits;
  }
  if (const yaml::Value* crash = map.get("crash")) {
    if (!profile.start) {
      context.fail(*crash, "'crash' needs 'start': the harness can only kill a server it started");
    }
    const MapReader trigger(context, *crash, "crash", {"signal"});
    profile.crash_signal = SIGKILL;
    if (const yaml::Value* signal = trigger.get("signal")) {
      profile.crash_signal = read_signal(context, *signal, "signal");
    }
  }
  if (const yaml::Value* backend = map.get("backend")) {
    const MapReader trigger(context, *backend, "backend", {"address", "upstream", "message"});
    BackendTrigger dependency;
    dependency.address = read_address(context, trigger.required("address"), "address");
    if (const yaml::Value* upstream = trigger.get("upstream")) {
      dependency.upstream = read_address(context, *upstream, "upstream");
    }
    dependency.message = trigger.string("message").value_or(dependency.message);
    profile.backend = dependency;
  }
}

void check_url(const LoadContext& context, const yaml::Value& value, const TargetProfile& profile) {
  const std::string& url = *profile.url;
  if (uses_placeholder(url, "port") && !profile.start) {
    context.fail(value, "the url uses {port}, which only 'start' can fill in");
  }
  // Checked with a stand-in port; the real one is known once the harness has picked it.
  Placeholders stand_in;
  stand_in.port = 1;
  stand_in.backend_port = 1;
  std::string problem;
  if (!scenario::parse_target_url(expand(url, stand_in), &problem)) {
    context.fail(value, "bad 'url': " + problem);
  }
}

}  // namespace

TargetProfile load_profile_text(std::string_view text, const std::string& file_name) {
  const LoadContext context{file_name, ""};
  const yaml::Value document = yaml::parse_document(text, file_name);
  const MapReader map(context, document, "the profile",
                      {"name", "url", "headers", "tls", "start", "triggers"});
  TargetProfile profile;
  profile.file = file_name;
  profile.name = map.string("name").value_or("");
  if (const yaml::Value* headers = map.get("headers")) {
    for (const auto& [name, value] : read_string_map(context, *headers, "headers")) {
      profile.headers.push_back({name, value});
    }
  }
  if (const yaml::Value* tls = map.get("tls")) {
    const MapReader options(context, *tls, "tls", {"insecure", "sni"});
    profile.insecure = options.boolean("insecure", false);
    profile.sni = options.string("sni").value_or("");
  }
  if (const yaml::Value* start = map.get("start")) profile.start = read_start(context, *start);
  if (const yaml::Value* url = map.get("url")) {
    profile.url = scenario::read_string(context, *url, "url");
    check_url(context, *url, profile);
  }
  if (const yaml::Value* triggers = map.get("triggers")) read_triggers(context, *triggers, profile);
  if (profile.start && profile.start->ready_tcp && !profile.url) {
    context.fail(document, "'ready: {tcp: true}' needs the 'url' to know which port to try");
  }
  return profile;
}

TargetProfile load_profile_file(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code error;
  if (std::filesystem::is_directory(file, error))
    throw scenario::LoadError(name, 0, "is a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw scenario::LoadError(name, 0, "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw scenario::LoadError(name, 0, "cannot read the file");
  return load_profile_text(text.str(), name);
}

}  // namespace wsconform::faults
