// The judge: a pure function of a case and its transcript (no I/O, no clock, no globals).
#include <optional>

#include "scenario/judge_describe.hpp"
#include "scenario/judge_invariants.hpp"
#include "scenario/judge_outcome.hpp"
#include "scenario/verdict.hpp"

namespace wsconform::scenario {

namespace {

using judge_detail::describe_outcome;
using judge_detail::describe_server;
using judge_detail::invariant_failures;
using judge_detail::outcome_mismatches;

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
    if (!outcome_mismatches(alternative.outcome, t).empty()) continue;
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
  const std::vector<std::string> mismatches = outcome_mismatches(c.expect, t);
  if (mismatches.empty()) {
    if (c.requirement.level == Level::informational) {
      return {Verdict::informational, {"observed: " + behaviour}};
    }
    return {Verdict::pass, {"as expected: " + behaviour}};
  }

  Judgement judgement;
  judgement.reasons.push_back("expected " + describe_outcome(c.expect) + "; " + behaviour);
  if (const Alternative* alternative = best_matching_alternative(c, t)) {
    judgement.verdict = verdict_of(alternative->grade);
    std::string accepted = "accepted as " + std::string(verdict_name(judgement.verdict)) +
                           " by an alternative the RFC allows";
    if (!alternative->outcome.why.empty()) accepted += ": " + alternative->outcome.why;
    judgement.reasons.push_back(accepted);
  } else {
    judgement.verdict = verdict_of(c.requirement.level);
    judgement.reasons.push_back(level_consequence(c));
  }
  judgement.reasons.insert(judgement.reasons.end(), mismatches.begin(), mismatches.end());
  return judgement;
}

}  // namespace

Judgement judge(const Case& c, const Transcript& t, const JudgeOptions& options) {
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
  if (options.strict && judgement.verdict == Verdict::non_strict) {
    judgement.verdict = Verdict::fail;
    judgement.reasons.push_back("strict mode: a non-strict result counts as a failure");
  }
  return judgement;
}

}  // namespace wsconform::scenario
