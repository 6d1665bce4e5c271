// The judge: a pure function of a case and its transcript (no I/O, no clock, no globals).
#include "scenario/judge/judge.hpp"

#include <algorithm>
#include <optional>

#include "scenario/judge/describe.hpp"
#include "scenario/judge/expectation.hpp"
#include "scenario/judge/invariants.hpp"
#include "scenario/model/verdict.hpp"

namespace wsconform::scenario {

namespace {

using judge_detail::describe_server;
using judge_detail::expectation_mismatches;
using judge_detail::invariant_failures;

Verdict verdict_of(Alternative::Grade grade) {
  switch (grade) {
    case Alternative::Grade::pass:
      return Verdict::pass;
    case Alternative::Grade::non_strict:
      return Verdict::non_strict;
    case Alternative::Grade::informational:
      return Verdict::informational;
  }
  return Verdict::informational;
}

// What not meeting a requirement of this level means when no alternative matches.
Verdict verdict_of(Level level) {
  switch (level) {
    case Level::must:
      return Verdict::fail;
    case Level::should:
      return Verdict::non_strict;
    case Level::may:
    case Level::informational:
      return Verdict::informational;
  }
  return Verdict::fail;
}

// Higher is better: pass > non-strict > informational.
int grade_rank(Alternative::Grade grade) {
  switch (grade) {
    case Alternative::Grade::pass:
      return 3;
    case Alternative::Grade::non_strict:
      return 2;
    case Alternative::Grade::informational:
      return 1;
  }
  return 0;
}

// The best-graded alternative the transcript matches; the first listed wins a tie.
const Alternative* best_matching_alternative(const Case& c, const Transcript& t) {
  const Alternative* best = nullptr;
  for (const Alternative& alternative : c.alternatives) {
    if (!expectation_mismatches(alternative.expect, t).empty()) continue;
    if (best == nullptr || grade_rank(alternative.grade) > grade_rank(best->grade)) {
      best = &alternative;
    }
  }
  return best;
}

std::string level_consequence(const Case& c) {
  std::string rule(level_name(c.requirement.level));
  if (!c.requirement.section.empty()) rule += " (§" + c.requirement.section + ")";
  switch (c.requirement.level) {
    case Level::must:
      return "the rule is a " + rule + ": not meeting it is a failure";
    case Level::should:
      return "the rule is a " + rule + ": not meeting it is non-strict, still conformant";
    case Level::may:
    case Level::informational:
      return "the rule is " + rule + ": this is an observation, not a failure";
  }
  return "";
}

Judgement judge_expectations(const Case& c, const Transcript& t) {
  const std::string behaviour = describe_server(t, c.expect);
  const std::vector<std::string> mismatches = expectation_mismatches(c.expect, t);
  if (mismatches.empty()) {
    if (c.requirement.level == Level::informational) {
      return {Verdict::informational, {"observed: " + behaviour}};
    }
    return {Verdict::pass, {"as expected: " + behaviour}};
  }

  Judgement judgement;
  judgement.reasons.push_back("expected " + describe_expectation(c.expect) + "; " + behaviour);
  if (const Alternative* alternative = best_matching_alternative(c, t)) {
    judgement.verdict = verdict_of(alternative->grade);
    std::string accepted = "accepted as " + std::string(verdict_name(judgement.verdict)) +
                           " by an alternative the RFC allows";
    if (!alternative->expect.why.empty()) accepted += ": " + alternative->expect.why;
    judgement.reasons.push_back(accepted);
  } else {
    judgement.verdict = verdict_of(c.requirement.level);
    judgement.reasons.push_back(level_consequence(c));
  }
  judgement.reasons.insert(judgement.reasons.end(), mismatches.begin(), mismatches.end());
  return judgement;
}

// Higher is worse, for combining the main connection's verdict with its peers'.
int severity(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return 0;
    case Verdict::unimplemented:
      return 1;
    case Verdict::informational:
      return 2;
    case Verdict::non_strict:
      return 3;
    case Verdict::error:
      return 4;
    case Verdict::fail:
      return 5;
  }
  return 5;
}

// Folds a peer's judgement in: a worse verdict leads (its reasons first), a better one follows.
void merge(Judgement& into, Judgement peer) {
  if (severity(peer.verdict) > severity(into.verdict)) {
    into.verdict = peer.verdict;
    peer.reasons.insert(peer.reasons.end(), into.reasons.begin(), into.reasons.end());
    into.reasons = std::move(peer.reasons);
  } else {
    into.reasons.insert(into.reasons.end(), peer.reasons.begin(), peer.reasons.end());
  }
}

std::string peer_label(const PeerGroup& group, const PeerRecord& record) {
  if (group.count == 1) return group.name;
  return group.name + " " + std::to_string(record.index + 1) + " of " + std::to_string(group.count);
}

std::string milliseconds_text(std::int64_t microseconds) {
  return std::to_string((microseconds + 500) / 1000) + " ms";
}

Judgement judge_peer(const Case& c, const PeerGroup& group, const PeerRecord& record) {
  const std::string label = peer_label(group, record);
  const Transcript& t = record.transcript;
  if (t.harness_error) {
    // A connection opened after the fault that never upgrades is the server's doing: it does not
    // take new connections. One opened before the fault that fails is a harness problem.
    if (group.when == PeerGroup::When::after && !t.upgraded) {
      return {verdict_of(c.requirement.level),
              {label + ": expected a fresh connection to be accepted, saw " +
                   describe_server(t, group.expect) + " (" + *t.harness_error + ", " +
                   std::to_string(record.attempts) + " attempts)",
               level_consequence(c)}};
    }
    return {Verdict::error, {label + ": the harness could not run it: " + *t.harness_error}};
  }
  Case peer;
  peer.expect = group.expect;
  std::vector<std::string> failures = invariant_failures(peer, t);
  if (!failures.empty()) {
    for (std::string& failure : failures) failure = label + ": " + failure;
    return {Verdict::fail, failures};
  }
  const std::vector<std::string> mismatches = expectation_mismatches(group.expect, t);
  Judgement judgement;
  if (mismatches.empty()) {
    judgement.verdict = Verdict::pass;
    std::string line = label + ": as expected: " + describe_server(t, group.expect);
    if (record.upgraded_after_us >= 0) {
      line += " (connected " + milliseconds_text(record.upgraded_after_us) +
              " after the main connection ended, attempt " + std::to_string(record.attempts) + ")";
    }
    judgement.reasons.push_back(line);
    return judgement;
  }
  judgement.verdict = verdict_of(c.requirement.level);
  judgement.reasons.push_back(label + ": expected " + describe_expectation(group.expect) + "; " +
                              describe_server(t, group.expect));
  judgement.reasons.push_back(level_consequence(c));
  for (const std::string& mismatch : mismatches)
    judgement.reasons.push_back(label + ": " + mismatch);
  return judgement;
}

}  // namespace

bool verdict_decided(const Case& c, const Transcript& t) {
  if (!c.peers.empty() || c.burst || t.burst) return false;
  if (!invariant_failures(c, t).empty()) return true;
  if (!judge_detail::expectation_cannot_hold(c.expect, t)) return false;
  return std::all_of(c.alternatives.begin(), c.alternatives.end(), [&](const Alternative& a) {
    return judge_detail::expectation_cannot_hold(a.expect, t);
  });
}

Judgement judge(const Case& c, const Transcript& t, const JudgeOptions& options) {
  // A supervised server that died under a case failed it, whatever else happened (a crash is
  // never a conformant answer); the supervisor's account says how it died.
  if (!t.server_deaths.empty()) {
    Judgement crashed{Verdict::fail, {}};
    for (const std::string& death : t.server_deaths) {
      crashed.reasons.push_back("the server process died while this case ran: " + death);
    }
    return crashed;
  }
  // A case the harness could not run proves nothing about the server.
  if (t.harness_error) {
    return {Verdict::error, {"the harness could not run the case: " + *t.harness_error}};
  }

  // The invariants are MUSTs for every server, whatever the case expects.
  std::vector<std::string> failures = invariant_failures(c, t);
  if (!failures.empty()) {
    failures.push_back("what happened: " + describe_server(t, c.expect));
    return {Verdict::fail, failures};
  }

  Judgement judgement = judge_expectations(c, t);
  for (const PeerRecord& record : t.peers) {
    if (record.group < c.peers.size())
      merge(judgement, judge_peer(c, c.peers[record.group], record));
  }
  // Policy: a server declared to take messages of a size (--max-message-size, the profile) does
  // not refuse one within it. RFC 6455 sets no size a server must take (§10.4), so at most
  // non-strict, and only where the case would otherwise be informational.
  if (judgement.verdict == Verdict::informational) {
    for (const LoadRecord& load : t.loads) {
      const bool refused = std::any_of(load.rounds.begin(), load.rounds.end(),
                                       [](const LoadRound& round) { return !round.complete; }) ||
                           load.rounds.size() < load.rounds_planned;
      if (refused && load.declared_message_size >= load.size && load.declared_message_size > 0) {
        judgement.verdict = Verdict::non_strict;
        judgement.reasons.push_back(
            "wsconform's operational policy (SHOULD, not an RFC requirement): the server was "
            "declared to take messages of up to " +
            std::to_string(load.declared_message_size) +
            " bytes (--max-message-size or the profile's capacity.message_size), and a " +
            std::to_string(load.size) + "-byte one did not come back");
        break;
      }
    }
  }
  // A policy is the project's operational expectation, graded by the case's alternatives at
  // most non-strict: say which it is whenever the server did not simply pass.
  if (c.policy && judgement.verdict != Verdict::pass) {
    judgement.reasons.push_back("wsconform's operational policy (" +
                                std::string(level_name(c.policy->level)) +
                                ", not an RFC requirement): " + c.policy->text);
  }
  if (options.strict && judgement.verdict == Verdict::non_strict) {
    judgement.verdict = Verdict::fail;
    judgement.reasons.push_back("strict mode: a non-strict result counts as a failure");
  }
  return judgement;
}

std::string describe_expectation(const Expectation& expectation) {
  return judge_detail::describe_expectation(expectation);
}

}  // namespace wsconform::scenario
