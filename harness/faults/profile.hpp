// A target profile: how to reach a server, optionally how to start it, and the fault triggers it
// offers (profiles/README.md). Loaded from YAML with errors that name the file and line.
#pragma once

#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model/fault_hooks.hpp"
#include "wire/http.hpp"

namespace wsconform::faults {

// How the harness starts and supervises the server.
struct StartSpec {
  std::vector<std::string> command;  // argv; {port}, {backend_port}, {profile_dir} expand
  std::map<std::string, std::string> environment;  // added to the harness's own
  std::string working_directory;                   // "" : the harness's
  std::optional<std::string> ready_line;           // ready once stdout has a line containing this
  bool ready_tcp = false;  // ready once the URL's port accepts a TCP connection
  std::chrono::milliseconds ready_timeout{10000};
  int stop_signal = SIGTERM;
  std::chrono::milliseconds stop_timeout{5000};  // then SIGKILL
  bool restart_on_exit = true;                   // start it again when it dies
  unsigned max_restarts = 20;                    // then give up
};

struct RestartTrigger {
  std::optional<std::string> message;  // a text message asks for it
  std::optional<int> signal;           // or a signal to the started server
  std::vector<std::string> command;    // or a command to run (bounded)
  std::chrono::milliseconds command_timeout{10000};
  std::chrono::milliseconds reconnect_within{5000};
};

struct BackendTrigger {
  std::string address;                  // host:port the server talks to ({backend_port} expands)
  std::optional<std::string> upstream;  // host:port the harness forwards to; unset: it echoes
  std::string message = "wsconform:backend";  // a text message the server answers via its backend
};

struct TargetProfile {
  std::string file;  // where it was loaded from
  std::string name;
  std::optional<std::string> url;  // {port} expands; --target overrides
  std::vector<wire::Header> headers;
  bool insecure = false;
  std::string sni;
  std::optional<StartSpec> start;

  std::optional<std::string> handler_exception_message;
  std::optional<std::string> handshake_failure_path;
  std::optional<RestartTrigger> restart;
  std::optional<scenario::TriggerSet::Capacity> capacity;
  std::optional<int> crash_signal;  // needs `start`
  std::optional<BackendTrigger> backend;

  // What the runner sees of the triggers.
  scenario::TriggerSet trigger_set() const;
};

// Throws scenario::LoadError ("profiles/x.yaml:12: unknown key 'comand' in start").
TargetProfile load_profile_file(const std::filesystem::path& file);
TargetProfile load_profile_text(std::string_view yaml, const std::string& file_name);

// Values for the placeholders of a profile's strings.
struct Placeholders {
  std::string profile_dir;
  std::optional<std::uint16_t> port;
  std::optional<std::uint16_t> backend_port;
};
// Replaces {port}, {backend_port} and {profile_dir}; an unknown {name} is left as it is.
std::string expand(std::string_view text, const Placeholders& values);
// Whether `text` uses the placeholder `name` ("port" for "{port}").
bool uses_placeholder(std::string_view text, std::string_view name);

// "SIGTERM", "TERM" or a number (1-64); nullopt if none of those.
std::optional<int> parse_signal(std::string_view text);
std::string signal_name(int signal);  // "SIGTERM", or "signal 40"

}  // namespace wsconform::faults
