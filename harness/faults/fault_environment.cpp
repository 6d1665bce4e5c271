#include "faults/fault_environment.hpp"

#include <filesystem>

#include "faults/bounded_command.hpp"
#include "net/asio_prelude.hpp"  // before any Asio header

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

namespace wsconform::faults {
namespace {

bool any_uses(const TargetProfile& profile, std::string_view name) {
  if (profile.url && uses_placeholder(*profile.url, name)) return true;
  if (profile.backend && uses_placeholder(profile.backend->address, name)) return true;
  if (profile.start) {
    for (const std::string& argument : profile.start->command) {
      if (uses_placeholder(argument, name)) return true;
    }
  }
  return false;
}

// The profile with every placeholder replaced.
TargetProfile expanded(TargetProfile profile, const Placeholders& values) {
  if (profile.url) profile.url = expand(*profile.url, values);
  if (profile.backend) profile.backend->address = expand(profile.backend->address, values);
  if (profile.start) {
    for (std::string& argument : profile.start->command) argument = expand(argument, values);
    for (auto& [name, value] : profile.start->environment) value = expand(value, values);
    profile.start->working_directory = expand(profile.start->working_directory, values);
  }
  if (profile.restart) {
    for (std::string& argument : profile.restart->command) argument = expand(argument, values);
  }
  return profile;
}

}  // namespace

std::vector<std::uint16_t> free_loopback_ports(std::size_t count) {
  asio::io_context io;
  std::vector<asio::ip::tcp::acceptor> held;
  std::vector<std::uint16_t> ports;
  for (std::size_t i = 0; i < count; ++i) {
    held.emplace_back(io, asio::ip::tcp::endpoint{asio::ip::address_v4::loopback(), 0});
    ports.push_back(held.back().local_endpoint().port());
  }
  return ports;
}

std::uint16_t free_loopback_port() {
  return free_loopback_ports(1).front();
}

FaultEnvironment::FaultEnvironment(const TargetProfile& profile, EnvironmentOptions options)
    : options_(std::move(options)) {
  Placeholders values;
  std::error_code ignored;
  const std::filesystem::path file(profile.file);
  values.profile_dir = std::filesystem::absolute(file.parent_path(), ignored).string();
  // Both picked while both are held, so they differ.
  const std::vector<std::uint16_t> ports = free_loopback_ports(2);
  if (any_uses(profile, "port")) values.port = ports[0];
  if (any_uses(profile, "backend_port")) values.backend_port = ports[1];
  profile_ = expanded(profile, values);
  triggers_ = profile_.trigger_set();

  const std::optional<std::string> url =
      options_.target_override ? options_.target_override : profile_.url;
  if (!url) {
    throw EnvironmentError("the profile " + profile.file + " has no 'url': give --target");
  }
  std::string problem;
  const std::optional<scenario::Target> parsed = scenario::parse_target_url(*url, &problem);
  if (!parsed) throw EnvironmentError("target " + *url + ": " + problem);
  target_ = *parsed;

  if (profile_.backend) {
    const auto listen = parse_host_port(profile_.backend->address);
    if (!listen) {
      throw EnvironmentError("backend address '" + profile_.backend->address +
                             "' is not host:port");
    }
    std::optional<HostPort> upstream;
    if (profile_.backend->upstream) {
      upstream = parse_host_port(*profile_.backend->upstream);
      if (!upstream) throw EnvironmentError("backend upstream is not host:port");
    }
    backend_ = std::make_unique<BackendStub>(*listen, upstream);
    std::string error;
    if (!backend_->start(error)) throw EnvironmentError("backend: " + error);
  }

  if (profile_.start) {
    Supervisor::Options supervised;
    supervised.start = *profile_.start;
    supervised.host = target_.host;
    supervised.port = target_.port;
    supervised.pass_output = options_.pass_output;
    supervised.interrupt = options_.interrupt;
    supervisor_ = std::make_unique<Supervisor>(std::move(supervised));
    std::string error;
    if (!supervisor_->start(error)) {
      throw EnvironmentError("cannot start the server (" + profile_.start->command.front() +
                             "): " + error);
    }
  }
}

FaultEnvironment::~FaultEnvironment() {
  if (supervisor_) supervisor_->stop();
}

scenario::HookResult FaultEnvironment::restart_out_of_band() {
  using scenario::HookResult;
  if (!profile_.restart) return HookResult::failed("the profile offers no restart");
  // A server may restart by exiting (its supervisor then starts it again): not a crash.
  if (supervisor_) supervisor_->expect_exit_within(profile_.restart->reconnect_within);
  if (profile_.restart->signal) {
    if (!supervisor_) {
      return HookResult::failed("a restart by signal needs the server started by the harness");
    }
    return HookResult::from_problem(supervisor_->send_signal(*profile_.restart->signal));
  }
  if (!profile_.restart->command.empty()) {
    const std::string problem =
        run_bounded_command(profile_.restart->command, profile_.restart->command_timeout);
    return problem.empty() ? HookResult::done()
                           : HookResult::failed("the restart command " + problem);
  }
  return HookResult::failed("the restart is a message, not an out-of-band action");
}

scenario::HookResult FaultEnvironment::crash() {
  if (!supervisor_ || !profile_.crash_signal) {
    return scenario::HookResult::failed("the profile offers no crash");
  }
  return scenario::HookResult::from_problem(supervisor_->kill_as_fault(*profile_.crash_signal));
}

scenario::HookResult FaultEnvironment::set_backend(bool up) {
  if (!backend_) return scenario::HookResult::failed("the profile names no backend");
  return scenario::HookResult::from_problem(backend_->set_up(up));
}

scenario::BurstRecord FaultEnvironment::run_burst(const scenario::BurstSpec& spec,
                                                  const std::atomic<bool>* stop) {
  if (!options_.burst) {
    scenario::BurstRecord record;
    record.spec = spec;
    record.error = "this build has no overload engine";
    return record;
  }
  return options_.burst(target_, spec, stop);
}

std::uint64_t FaultEnvironment::unexpected_deaths() const {
  return supervisor_ ? supervisor_->unexpected_deaths() : 0;
}

std::string FaultEnvironment::describe_deaths_since(std::uint64_t mark) const {
  return supervisor_ ? supervisor_->describe_deaths_since(mark) : "";
}

bool FaultEnvironment::serving() const {
  return !supervisor_ || supervisor_->serving();
}

bool FaultEnvironment::settling() const {
  return supervisor_ && supervisor_->settling();
}

std::optional<std::string> FaultEnvironment::given_up() const {
  return supervisor_ ? supervisor_->given_up() : std::nullopt;
}

}  // namespace wsconform::faults
