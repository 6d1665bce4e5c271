#include "scenario/model/burst.hpp"

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

std::size_t BurstTally::count(BurstConnection::End end) const {
  const auto found = ends.find(end);
  return found == ends.end() ? 0 : found->second;
}

BurstTally tally(const BurstRecord& record) {
  BurstTally out;
  for (const BurstConnection& c : record.connections) {
    ++out.ends[c.end];
    if (c.upgraded_us >= 0) ++out.upgraded;
    if (c.end == BurstConnection::End::refused) {
      ++out.refusals[c.http_status];
      if (c.retry_after) ++out.refusals_with_retry_after;
    }
    if (c.server_closed_first && c.close_code) ++out.shed[*c.close_code];
    if (c.echo_mismatch) ++out.echo_mismatches;
    out.messages_sent += c.messages_sent;
    out.echoes += c.echoes;
  }
  return out;
}

}  // namespace wsconform::scenario
