#include "scenario/burst.hpp"

namespace wsconform::scenario {

std::string_view burst_end_name(BurstConnection::End end) {
  switch (end) {
    case BurstConnection::End::none:
      return "open-at-end";
    case BurstConnection::End::closed:
      return "closed";
    case BurstConnection::End::dropped:
      return "dropped";
    case BurstConnection::End::refused:
      return "refused";
    case BurstConnection::End::connect_failed:
      return "connect-failed";
    case BurstConnection::End::handshake_failed:
      return "handshake-failed";
    case BurstConnection::End::violation:
      return "violation";
    case BurstConnection::End::close_unanswered:
      return "close-unanswered";
  }
  return "unknown";
}

}  // namespace wsconform::scenario
