// Everything the reference target's command line configures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "broken_modes.hpp"

namespace wsconform::websocketpp_server {

struct TargetOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 9001;                 // 0: the kernel picks a free port
  std::size_t max_message_size = 16u << 20;  // larger messages are closed with 1009
  std::size_t max_connections = 0;           // 0: unlimited; past it, handshakes get 503
  double max_message_rate = 0;               // messages/s server-wide; 0: unlimited
  bool enable_faults = false;                // the fault triggers exist only with this
  bool verbose = false;                      // websocketpp access/error log to stderr
  std::string backend;  // "HOST:PORT": messages starting "wsconform:backend" are answered by it
  BrokenModes broken;   // deliberately broken behaviours

  bool is_broken(BrokenMode mode) const { return broken.count(mode) != 0; }
};

}  // namespace wsconform::websocketpp_server
