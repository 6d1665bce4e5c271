#include "cli/run_outcome.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"
#include "report/json/report.hpp"
#include "report/json/run_outcome.hpp"

namespace wsconform::cli {
namespace {

scenario::CaseResult result_with(scenario::Verdict verdict, scenario::TcpEnd end,
                                 std::optional<std::string> harness_error = std::nullopt) {
  scenario::CaseResult result;
  result.judgement.verdict = verdict;
  result.transcript.tcp_end = end;
  result.transcript.harness_error = std::move(harness_error);
  return result;
}

// The exit status of a run with these verdicts, through its report, the way `run` and `replay`
// end.
int exit_status_with(const std::vector<scenario::Verdict>& verdicts) {
  static std::deque<scenario::Case> cases;
  std::vector<scenario::CaseResult> results;
  for (const scenario::Verdict verdict : verdicts) {
    scenario::Case& c = cases.emplace_back();
    c.id = "c/" + std::to_string(cases.size());
    c.requirement.section = "5.2";
    scenario::CaseResult& result =
        results.emplace_back(result_with(verdict, scenario::TcpEnd::fin, std::nullopt));
    result.test_case = &c;
  }
  report::RunInfo info;
  info.target = "ws://127.0.0.1:9001/";
  const report::Json report =
      report::Json::parse(report::dump_json_report(report::build_json_report(info, results)));
  // The report and the results agree, and the status follows from the outcome.
  const int status = exit_status_of_report(report);
  EXPECT_EQ(status, exit_status(report::outcome_of(report::tally_outcome(results))));
  return status;
}

TEST(RunOutcome, ExitStatusFollowsTheOutcome) {
  using scenario::Verdict;
  EXPECT_EQ(exit_status(report::RunOutcome::conformant), kExitConformant);
  EXPECT_EQ(exit_status(report::RunOutcome::not_conformant), kExitFailed);
  EXPECT_EQ(exit_status(report::RunOutcome::inconclusive), kExitInconclusive);
  EXPECT_EQ(kExitInconclusive, 3);
  // All pass (non-strict and informational are still conformant): 0.
  EXPECT_EQ(exit_status_with({Verdict::pass, Verdict::non_strict, Verdict::informational}), 0);
  // One fail among errors: the fail wins, 1.
  EXPECT_EQ(exit_status_with({Verdict::error, Verdict::fail, Verdict::error, Verdict::pass}), 1);
  // Errors only, or errors beside passes: nothing failed, but not everything was judged, 3.
  EXPECT_EQ(exit_status_with({Verdict::error, Verdict::error}), 3);
  EXPECT_EQ(exit_status_with({Verdict::pass, Verdict::error, Verdict::unimplemented}), 3);
  // Unimplemented cases were deliberately not run: with passes, still conformant, 0.
  EXPECT_EQ(exit_status_with({Verdict::unimplemented, Verdict::pass, Verdict::unimplemented}), 0);
}

TEST(RunOutcome, TargetIsUnreachableOnlyWhenNoCaseConnected) {
  using scenario::TcpEnd;
  using scenario::Verdict;
  const auto refused = result_with(Verdict::error, TcpEnd::connect_failed, "connection refused");
  EXPECT_EQ(unreachable_target_problem({refused, refused}), "connection refused");
  EXPECT_EQ(unreachable_target_problem({refused, result_with(Verdict::pass, TcpEnd::fin)}),
            std::nullopt);
  EXPECT_EQ(unreachable_target_problem({result_with(Verdict::error, TcpEnd::silence, "timeout")}),
            std::nullopt);
  EXPECT_EQ(unreachable_target_problem({}), std::nullopt);
}

TEST(RunOutcome, OnlyCasesMarkedInterruptedWereCutShort) {
  using scenario::TcpEnd;
  using scenario::Verdict;
  scenario::CaseResult interrupted = result_with(Verdict::error, TcpEnd::open, "interrupted");
  interrupted.transcript.interrupted = true;
  EXPECT_TRUE(cut_short_by_interrupt(interrupted));
  // The flag, not the words: another error that happens to say "interrupted" is no interrupt.
  EXPECT_FALSE(cut_short_by_interrupt(result_with(Verdict::error, TcpEnd::open, "interrupted")));
  EXPECT_FALSE(cut_short_by_interrupt(result_with(Verdict::error, TcpEnd::rst, "reset")));
  EXPECT_FALSE(cut_short_by_interrupt(result_with(Verdict::pass, TcpEnd::fin)));
}

}  // namespace
}  // namespace wsconform::cli
