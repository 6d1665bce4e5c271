#include "cli/run_outcome.hpp"

#include <gtest/gtest.h>

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
  EXPECT_TRUE(cut_short_by_interrupt(result_with(Verdict::error, TcpEnd::open, "interrupted")));
  EXPECT_FALSE(cut_short_by_interrupt(result_with(Verdict::error, TcpEnd::rst, "reset")));
  EXPECT_FALSE(cut_short_by_interrupt(result_with(Verdict::pass, TcpEnd::fin)));
}

}  // namespace
}  // namespace wsconform::cli
