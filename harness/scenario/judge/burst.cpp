#include "scenario/judge/burst.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "scenario/judge/describe.hpp"

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
    // No close frame and no HTTP answer either: the client learns nothing of why.
    const bool silent = c.end == End::dropped || c.end == End::connect_failed ||
                        (c.end == End::handshake_failed && c.http_status == 0);
    if (silent) {
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
    out.push_back(
        "expected no connection to be dropped without a close frame or an HTTP answer, saw " +
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

}  // namespace

// Ends that are the server's doing whatever the expectation: broken framing, a close handshake
// it never completed, a 101 that is not a valid upgrade.
void check_broken_ends(const BurstRecord& record, std::vector<std::string>& out) {
  std::size_t violations = 0, unanswered = 0, bad_upgrades = 0;
  std::size_t first_violation = 0, first_unanswered = 0, first_bad_upgrade = 0;
  for (std::size_t i = 0; i < record.connections.size(); ++i) {
    const BurstConnection& c = record.connections[i];
    if (c.end == End::violation && violations++ == 0) first_violation = i;
    if (c.end == End::close_unanswered && unanswered++ == 0) first_unanswered = i;
    if (c.end == End::handshake_failed && c.http_status == 101 && bad_upgrades++ == 0) {
      first_bad_upgrade = i;
    }
  }
  if (violations > 0) {
    out.push_back("expected the server's frames to follow RFC 6455 (§5.1-§5.5), saw " +
                  count_text(violations, "connection") + " where it broke them" +
                  example(first_violation));
  }
  if (unanswered > 0) {
    out.push_back("expected the server to answer our close frame (§5.5.1), saw " +
                  count_text(unanswered, "close") + " left unanswered" + example(first_unanswered));
  }
  if (bad_upgrades > 0) {
    out.push_back("expected a 101 to be a valid upgrade (§4.2.2), saw " +
                  count_text(bad_upgrades, "invalid 101") + example(first_bad_upgrade));
  }
}

namespace {

void check_messages(const BurstRecord& record, std::vector<std::string>& out) {
  std::size_t lost = 0, broken = 0, stalled = 0, first_lost = 0, first_broken = 0,
              first_stalled = 0;
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
    if (c.end == End::none && c.echoes < c.messages_sent && stalled++ == 0) first_stalled = i;
  }
  if (stalled > 0) {
    out.push_back("expected every message the server accepted to be echoed, saw " +
                  count_text(stalled, "connection") +
                  " still waiting for echoes when the burst's time ran out" +
                  example(first_stalled));
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
  const BurstTally counts = tally(record);
  std::string text = count_text(record.connections.size(), "connection") + ": " +
                     std::to_string(counts.upgraded) + " upgraded";
  if (!counts.refusals.empty()) {
    text +=
        ", " + std::to_string(counts.count(End::refused)) + " refused (" +
        tally_text(counts.refusals, [](int status) { return "HTTP " + std::to_string(status); }) +
        ", " + std::to_string(counts.refusals_with_retry_after) + " with Retry-After)";
  }
  const auto add = [&](End end, const std::string& what) {
    if (counts.count(end) > 0) text += ", " + std::to_string(counts.count(end)) + " " + what;
  };
  add(End::connect_failed, "could not connect");
  add(End::handshake_failed, "failed the handshake");
  if (!counts.shed.empty())
    text += "; shed by the server with " + tally_text(counts.shed, describe_close_code);
  add(End::dropped, "dropped silently");
  add(End::violation, "broke framing rules");
  add(End::close_unanswered, "left our close unanswered");
  add(End::none, "still open when the burst ended");
  text +=
      "; " + std::to_string(counts.echoes) + (counts.echoes == 1 ? " echo" : " echoes") + " back";
  if (record.metrics.recovery_checked) {
    if (record.metrics.recover_ms) {
      const long long tenths = std::llround(*record.metrics.recover_ms * 10);
      text += "; recovered " + std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) +
              " ms after the burst";
    } else {
      text += "; did not recover";
    }
  }
  if (record.cut_short) text += " (cut short)";
  return text;
}

}  // namespace wsconform::scenario::judge_detail
