// The suite's own judge test: every case in scenarios/*.yaml passes against the raw strict server,
// and fails against a server broken in exactly the way the case's `broken_by` names. This is what
// shows that the judge is right about each rule, in both directions.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "rawtarget/broken_mode.hpp"
#include "rawtarget/raw_server.hpp"
#include "scenario/loader.hpp"
#include "scenario/runner.hpp"
#include "scenario/verdict.hpp"

namespace wsconform::scenario {
namespace {

using rawtarget::BrokenMode;
using rawtarget::BrokenModes;

// The cases a raw server can be judged on: those needing a profile's fault triggers are judged
// against the reference target and its broken modes instead (tests/faults/fault_suite_test.cpp).
const std::vector<Case>& suite() {
  static const std::vector<Case> cases = [] {
    std::vector<Case> all = load_scenarios(WSCONFORM_SCENARIO_DIR);
    std::erase_if(all, [](const Case& c) { return !c.needs_trigger.empty() || c.burst; });
    return all;
  }();
  return cases;
}

RunOptions run_options() {
  RunOptions options;
  options.jobs = 8;
  // Cases that watch a broken server stay silent wait one step timeout each: keep it short.
  options.step_timeout = std::chrono::milliseconds(500);
  return options;
}

std::string explain(const CaseResult& result) {
  return fmt::format("{}: {} ({})", result.test_case->id, verdict_name(result.judgement.verdict),
                     fmt::join(result.judgement.reasons, "; "));
}

// Runs `cases` against a raw server in `modes` (none: the strictly conforming server).
std::vector<CaseResult> run_against(const BrokenModes& modes, const std::vector<Case>& cases) {
  rawtarget::RawServerOptions server_options;
  server_options.modes = modes;
  rawtarget::RawServer server(server_options);
  const std::uint16_t port = server.start();
  std::string error;
  const std::optional<Target> target =
      parse_target_url(fmt::format("ws://127.0.0.1:{}/", port), &error);
  if (!target) {
    ADD_FAILURE() << "target URL: " << error;
    return {};
  }
  std::vector<CaseResult> results = run_cases(cases, *target, run_options(), JudgeOptions{});
  server.stop();
  return results;
}

// Whether the RFC leaves room for a lesser verdict than fail: a SHOULD (or weaker) case, or an
// alternative graded non-strict or informational.
bool may_be_rescued(const Case& c) {
  if (c.requirement.level != Level::must) return true;
  for (const Alternative& alternative : c.alternatives) {
    if (alternative.grade != Alternative::Grade::pass) return true;
  }
  return false;
}

TEST(Suite, EveryCaseNamesAKnownBrokenMode) {
  ASSERT_FALSE(suite().empty());
  std::vector<std::string> offenders;
  for (const Case& c : suite()) {
    if (c.broken_by.empty() || !rawtarget::parse_broken_mode(c.broken_by)) {
      offenders.push_back(fmt::format("{} (broken_by '{}')", c.id, c.broken_by));
    }
  }
  EXPECT_TRUE(offenders.empty()) << fmt::format("{}", fmt::join(offenders, "\n"));
}

TEST(Suite, TheStrictServerPassesEveryCase) {
  const std::vector<CaseResult> results = run_against({}, suite());
  ASSERT_EQ(results.size(), suite().size());
  std::vector<std::string> not_passed;
  for (const CaseResult& result : results) {
    if (result.judgement.verdict != Verdict::pass) not_passed.push_back(explain(result));
  }
  EXPECT_TRUE(not_passed.empty()) << not_passed.size() << " cases did not pass:\n"
                                  << fmt::format("{}", fmt::join(not_passed, "\n"));
}

TEST(Suite, EachBrokenModeFailsEveryCaseThatNamesIt) {
  std::map<std::string, std::vector<Case>> cases_by_mode;
  for (const Case& c : suite()) cases_by_mode[c.broken_by].push_back(c);
  std::vector<std::string> mismatches;
  for (const std::string_view name : rawtarget::broken_mode_names()) {
    const std::vector<Case>& cases = cases_by_mode[std::string(name)];
    if (cases.empty()) {
      mismatches.push_back(fmt::format("{}: no case names this mode", name));
      continue;
    }
    const std::vector<CaseResult> results =
        run_against({*rawtarget::parse_broken_mode(name)}, cases);
    EXPECT_EQ(results.size(), cases.size()) << name;
    for (const CaseResult& result : results) {
      const Verdict verdict = result.judgement.verdict;
      // Error and unimplemented prove nothing about the rule; pass would mean a blind judge.
      const bool acceptable =
          verdict == Verdict::fail ||
          (may_be_rescued(*result.test_case) &&
           (verdict == Verdict::non_strict || verdict == Verdict::informational));
      if (!acceptable) mismatches.push_back(fmt::format("[{}] {}", name, explain(result)));
    }
  }
  EXPECT_TRUE(mismatches.empty()) << mismatches.size() << " mismatches:\n"
                                  << fmt::format("{}", fmt::join(mismatches, "\n"));
}

}  // namespace
}  // namespace wsconform::scenario
