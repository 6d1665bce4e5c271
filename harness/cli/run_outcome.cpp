#include "cli/run_outcome.hpp"

#include <algorithm>

#include "cli/exit_codes.hpp"

namespace wsconform::cli {

namespace {

bool never_connected(const scenario::CaseResult& result) {
  return result.judgement.verdict == scenario::Verdict::error &&
         result.transcript.tcp_end == scenario::TcpEnd::connect_failed;
}

}  // namespace

int exit_status(report::RunOutcome outcome) {
  switch (outcome) {
    case report::RunOutcome::conformant:
      return kExitConformant;
    case report::RunOutcome::not_conformant:
      return kExitFailed;
    case report::RunOutcome::inconclusive:
      break;
  }
  return kExitInconclusive;
}

int exit_status_of_report(const report::Json& report) {
  return exit_status(report::report_outcome(report).outcome);
}

std::optional<std::string> unreachable_target_problem(
    const std::vector<scenario::CaseResult>& results) {
  if (results.empty() || !std::all_of(results.begin(), results.end(), never_connected)) {
    return std::nullopt;
  }
  return results.front().transcript.harness_error.value_or("connect failed");
}

bool cut_short_by_interrupt(const scenario::CaseResult& result) {
  return result.transcript.interrupted;
}

}  // namespace wsconform::cli
