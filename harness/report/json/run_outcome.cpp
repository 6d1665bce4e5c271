#include "report/json/run_outcome.hpp"

#include <fmt/format.h>

#include "report/json/fields.hpp"
#include "scenario/model/verdict.hpp"

namespace wsconform::report {

std::string_view to_string(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::conformant:
      return "conformant";
    case RunOutcome::not_conformant:
      return "not-conformant";
    case RunOutcome::inconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

std::optional<RunOutcome> run_outcome_named(std::string_view name) {
  for (const RunOutcome outcome :
       {RunOutcome::conformant, RunOutcome::not_conformant, RunOutcome::inconclusive}) {
    if (to_string(outcome) == name) return outcome;
  }
  return std::nullopt;
}

void OutcomeTally::add(scenario::Verdict verdict) {
  if (verdict == scenario::Verdict::fail) ++failed;
  if (verdict == scenario::Verdict::error) ++unjudged;
}

RunOutcome outcome_of(const OutcomeTally& tally) {
  if (tally.failed > 0) return RunOutcome::not_conformant;
  if (tally.unjudged > 0) return RunOutcome::inconclusive;
  return RunOutcome::conformant;
}

OutcomeTally tally_outcome(std::span<const scenario::CaseResult> results) {
  OutcomeTally tally;
  for (const scenario::CaseResult& result : results) tally.add(result.judgement.verdict);
  return tally;
}

ReportOutcome report_outcome(const Json& run) {
  ReportOutcome out;
  const VerdictTally verdicts = tally_cases(run).overall;
  std::int64_t known = 0;
  for (const auto name : kVerdictOrder) known += verdicts.count(name);
  out.tally.failed = verdicts.count("fail");
  out.tally.unjudged = verdicts.count("error") + (verdicts.total - known);

  if (const auto named_outcome = run_outcome_named(string_field(run, "outcome"))) {
    out.outcome = *named_outcome;
    return out;
  }
  const Json& conformant = object_field(run, "conformant");
  if (conformant.is_boolean() && !conformant.get<bool>()) {
    out.outcome = RunOutcome::not_conformant;
    return out;
  }
  out.outcome = outcome_of(out.tally);
  return out;
}

std::string inconclusive_headline(std::int64_t unjudged) {
  return fmt::format("inconclusive: {} {} could not be judged", unjudged,
                     unjudged == 1 ? "case" : "cases");
}

}  // namespace wsconform::report
