#include "scenario/judge_burst.hpp"

#include <algorithm>
#include <map>

#include "scenario/judge_describe.hpp"

namespace wsconform::scenario::judge_detail {
namespace {

using End = BurstConnection::End;

bool contains(const std::vector<std::uint16_t>& codes, std::uint16_t code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool contains(const std::vector<int>& statuses, int status) {
  return std::find(statuses.begin(), statuses.end(), status) != statuses.end();
}

std::string codes_text(const std::vector<std::uint16_t>& codes) {
  std::vector<std::string> names;
  for (const std::uint16_t code : codes) names.push_back(describe_close_code(code));
  return join_list(names, " or ");
}

std::string statuses_text(const std::vector<int>& statuses) {
  std::vector<std::string> names;
  for (const int status : statuses) names.push_back(std::to_string(status));
  return "HTTP " + join_list(names, " or ");
}

std::string count_text(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// "1011 (Internal Error) x3, 1001 (Going Away) x1" from a tally.
template <typename Key, typename Describe>
std::string tally_text(const std::map<Key, std::size_t>& tally, Describe describe) {
  std::vector<std::string> parts;
  for (const auto& [key, count] : tally)
    parts.push_back(describe(key) + " x" + std::to_string(count));
  return join_list(parts, ", ");
}

// The first connection (1-based) to show as an example.
std::string example(std::size_t index) {
  return " (connection " + std::to_string(index + 1) + ")";
}

void check_shedding(const BurstExpectation& expected, const BurstRecord& record,
                    std::vector<std::string>& out) {
  std::map<std::uint16_t, std::size_t> wrong_codes;
  std::size_t first_wrong = 0, drops = 0, first_drop = 0, no_code = 0;
  for (std::size_t i = 0; i < record.connections.size(); ++i) {
    const BurstConnection& c = record.connections[i];
    if (c.end == End::dropped) {
      if (drops++ == 0) first_drop = i;
      continue;
    }
    if (!c.server_closed_first) continue;  // we ended it: nothing was shed
    if (c.close_without_code || !c.close_code) {
      ++no_code;
      continue;
    }
    if (!contains(expected.shed_codes, *c.close_code)) {
      if (wrong_codes.empty()) first_wrong = i;
      ++wrong_codes[*c.close_code];
    }
  }
  if (!wrong_codes.empty()) {
    out.push_back("expected connections the server sheds to get " +
                  codes_text(expected.shed_codes) + ", saw " +
                  tally_text(wrong_codes, describe_close_code) + example(first_wrong));
  }
  if (no_code > 0) {
    out.push_back("expected connections the server sheds to get " +
                  codes_text(expected.shed_codes) + ", saw " + count_text(no_code, "close frame") +
                  " with no code");
  }
  if (expected.no_silent_drops && drops > 0) {
    out.push_back("expected no connection to be dropped without a close frame, saw " +
                  count_text(drops, "silent drop") + example(first_drop));
  }
}

void check_refusals(const BurstExpectation& expected, const BurstRecord& record,
                    std::vector<std::string>& out) {
  std::map<int, std::size_t> wrong;
  std::size_t first_wrong = 0, without_retry_after = 0, first_without = 0;
  for (std::size_t i = 0; i < record.connections.size(); ++i) {
    const BurstConnection& c = record.connections[i];
    if (c.end != End::refused) continue;
    if (!contains(expected.refusal_statuses, c.http_status)) {
      if (wrong.empty()) first_wrong = i;
      ++wrong[c.http_status];
    } else if (!c.retry_after) {
      if (without_retry_after++ == 0) first_without = i;
    }
  }
  if (!wrong.empty()) {
    out.push_back("expected handshakes the server refuses to get " +
                  statuses_text(expected.refusal_statuses) + ", saw " +
                  tally_text(wrong, [](int status) { return "HTTP " + std::to_string(status); }) +
                  example(first_wrong));
  }
  if (expected.retry_after && without_retry_after > 0) {
    out.push_back("expected each refusal to carry Retry-After (when to come back), saw " +
                  count_text(without_retry_after, "refusal") + " without it" +
                  example(first_without));
  }
}

void check_messages(const BurstRecord& record, std::vector<std::string>& out) {
  std::size_t lost = 0, broken = 0, first_lost = 0, first_broken = 0;
  for (std::size_t i = 0; i < record.connections.size(); ++i) {
    const BurstConnection& c = record.connections[i];
    if (c.echo_mismatch) {
      if (broken++ == 0) first_broken = i;
      continue;
    }
    // A connection that ended cleanly on our close owes every echo; one the server shed owes
    // those before its close (the record counts only echoes in order, so a gap stops the count).
    const bool owed_all = c.end == End::closed && !c.server_closed_first;
    if (owed_all && c.echoes < c.messages_sent) {
      if (lost++ == 0) first_lost = i;
    }
  }
  if (broken > 0) {
    out.push_back("expected every echo in order and intact, saw " +
                  count_text(broken, "connection") +
                  " with an echo out of order, repeated or altered" + example(first_broken));
  }
  if (lost > 0) {
    out.push_back("expected every message the server accepted to be echoed, saw " +
                  count_text(lost, "connection") + " closed normally with echoes missing" +
                  example(first_lost));
  }
}

void check_recovery(const BurstRecord& record, std::vector<std::string>& out) {
  if (!record.metrics.recovery_checked) {
    out.push_back("expected the server to recover after the burst, but recovery was not checked");
  } else if (!record.metrics.recover_ms) {
    out.push_back("expected a fresh connection to handshake and echo within " +
                  std::to_string(record.spec.recover_within.count()) +
                  " ms of the burst, saw none succeed");
  }
}

}  // namespace

std::vector<std::string> burst_mismatches(const BurstExpectation& expected,
                                          const BurstRecord& record) {
  std::vector<std::string> out;
  if (record.connections.empty()) {
    out.push_back("expected a burst of connections, saw none opened");
    return out;
  }
  check_shedding(expected, record, out);
  check_refusals(expected, record, out);
  if (expected.no_lost_messages) check_messages(record, out);
  if (expected.recovers) check_recovery(record, out);
  return out;
}

std::string describe_burst_expectation(const BurstExpectation& expected) {
  std::vector<std::string> parts = {
      "shed connections closed with " + codes_text(expected.shed_codes),
      "refused handshakes answered " + statuses_text(expected.refusal_statuses) +
          (expected.retry_after ? " with Retry-After" : "")};
  if (expected.no_silent_drops) parts.push_back("no silent drop");
  if (expected.no_lost_messages) parts.push_back("no lost message");
  if (expected.recovers) parts.push_back("recovery after the burst");
  return join_list(parts, " and ");
}

std::string describe_burst(const BurstRecord& record) {
  std::map<End, std::size_t> ends;
  std::map<int, std::size_t> statuses;
  std::map<std::uint16_t, std::size_t> shed;
  std::size_t upgraded = 0, retry_after = 0, echoes = 0;
  for (const BurstConnection& c : record.connections) {
    ++ends[c.end];
    if (c.upgraded_us >= 0) ++upgraded;
    if (c.end == End::refused) {
      ++statuses[c.http_status];
      if (c.retry_after) ++retry_after;
    }
    if (c.server_closed_first && c.close_code) ++shed[*c.close_code];
    echoes += c.echoes;
  }
  std::string text = count_text(record.connections.size(), "connection") + ": " +
                     std::to_string(upgraded) + " upgraded";
  if (!statuses.empty()) {
    text += ", " + std::to_string(ends[End::refused]) + " refused (" +
            tally_text(statuses, [](int status) { return "HTTP " + std::to_string(status); }) +
            ", " + std::to_string(retry_after) + " with Retry-After)";
  }
  if (ends[End::connect_failed] > 0) {
    text += ", " + std::to_string(ends[End::connect_failed]) + " could not connect";
  }
  if (ends[End::handshake_failed] > 0) {
    text += ", " + std::to_string(ends[End::handshake_failed]) + " failed the handshake";
  }
  if (!shed.empty()) text += "; shed by the server with " + tally_text(shed, describe_close_code);
  if (ends[End::dropped] > 0)
    text += "; " + std::to_string(ends[End::dropped]) + " dropped silently";
  if (ends[End::violation] > 0) {
    text += "; " + std::to_string(ends[End::violation]) + " broke framing rules";
  }
  text += "; " + std::to_string(echoes) + (echoes == 1 ? " echo" : " echoes") + " back";
  if (record.metrics.recovery_checked) {
    text += record.metrics.recover_ms
                ? "; recovered " +
                      std::to_string(static_cast<long long>(*record.metrics.recover_ms)) +
                      " ms after the burst"
                : "; did not recover";
  }
  if (record.cut_short) text += " (cut short)";
  return text;
}

}  // namespace wsconform::scenario::judge_detail
