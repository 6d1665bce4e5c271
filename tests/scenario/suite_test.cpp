// The suite's own judge test, the three legs of docs/grading.md: every case in scenarios/*.yaml
// passes against the raw strict server; fails against a server broken in exactly the way the
// case's `broken_by` names; and never fails against a liberal server, one that keeps every MUST
// while using a freedom the RFC gives, which gets exactly the verdicts the grading table gives.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "reference/raw_server/broken_mode.hpp"
#include "reference/raw_server/liberal_mode.hpp"
#include "reference/raw_server/raw_server.hpp"
#include "scenario/loader/loader.hpp"
#include "scenario/model/verdict.hpp"
#include "scenario/runner/runner.hpp"

namespace wsconform::scenario {
namespace {

using raw_server::BrokenMode;
using raw_server::BrokenModes;
using raw_server::LiberalMode;
using raw_server::LiberalModes;

// The cases a raw server can be judged on: those needing a profile's fault triggers are judged
// against the reference target and its broken modes instead
// (tests/faults/reference_suite_test.cpp).
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
std::vector<CaseResult> run_against(const BrokenModes& modes, const std::vector<Case>& cases,
                                    const LiberalModes& liberties = {}) {
  raw_server::RawServerOptions server_options;
  server_options.modes = modes;
  server_options.liberties = liberties;
  raw_server::RawServer server(server_options);
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
    if (c.broken_by.empty() || !raw_server::parse_broken_mode(c.broken_by)) {
      offenders.push_back(fmt::format("{} (broken_by '{}')", c.id, c.broken_by));
    }
  }
  EXPECT_TRUE(offenders.empty()) << fmt::format("{}", fmt::join(offenders, "\n"));
}

TEST(SuiteStrictLeg, TheStrictServerPassesEveryCase) {
  const std::vector<CaseResult> results = run_against({}, suite());
  ASSERT_EQ(results.size(), suite().size());
  std::vector<std::string> not_passed;
  for (const CaseResult& result : results) {
    // An informational case observes; it has no pass to give.
    const Verdict wanted = result.test_case->requirement.level == Level::informational
                               ? Verdict::informational
                               : Verdict::pass;
    if (result.judgement.verdict != wanted) not_passed.push_back(explain(result));
  }
  EXPECT_TRUE(not_passed.empty()) << not_passed.size() << " cases did not pass:\n"
                                  << fmt::format("{}", fmt::join(not_passed, "\n"));
}

TEST(SuiteBrokenLeg, EachBrokenModeFailsEveryCaseThatNamesIt) {
  std::map<std::string, std::vector<Case>> cases_by_mode;
  for (const Case& c : suite()) cases_by_mode[c.broken_by].push_back(c);
  std::vector<std::string> mismatches;
  for (const std::string_view name : raw_server::broken_mode_names()) {
    const std::vector<Case>& cases = cases_by_mode[std::string(name)];
    if (cases.empty()) {
      mismatches.push_back(fmt::format("{}: no case names this mode", name));
      continue;
    }
    const std::vector<CaseResult> results =
        run_against({*raw_server::parse_broken_mode(name)}, cases);
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

// What each liberal mode gets short of pass, as docs/grading.md grades it: every case whose id
// matches no row here passes (informational cases are informational).
struct LiberalVerdict {
  std::string_view mode;
  std::string_view id_glob;
  Verdict verdict;
};

constexpr LiberalVerdict kLiberalVerdicts[] = {
    {"accept-non-minimal-length", "rfc6455/5.2/non-minimal-*", Verdict::informational},
    {"pong-after-close", "rfc6455/5.5.2/ping-after-close", Verdict::informational},
    // The case's subject is §10.4's SHOULD (a limit, told with 1009); failing by a drop misses
    // §7.1.7's SHOULD close frame.
    {"no-size-limit", "rfc6455/10.4/1009-is-sent-as-a-close-frame", Verdict::non_strict},
    {"fail-by-drop", "rfc6455/10.4/1009-is-sent-as-a-close-frame", Verdict::non_strict},
    {"rfc6455-close-codes-only", "close-codes/*/accepted-from-client", Verdict::informational},
    {"plain-http-without-upgrade", "rfc6455/4.2.1/missing-upgrade", Verdict::informational},
    {"plain-http-without-upgrade", "rfc6455/4.2.1/upgrade-not-websocket", Verdict::informational},
    {"plain-http-without-upgrade", "rfc6455/4.2.1/missing-connection", Verdict::informational},
    {"plain-http-without-upgrade", "rfc6455/4.2.1/connection-without-upgrade-token",
     Verdict::informational},
};

Verdict graded_verdict(std::string_view mode, const Case& c) {
  for (const LiberalVerdict& row : kLiberalVerdicts) {
    if (row.mode == mode && glob_match(row.id_glob, c.id)) return row.verdict;
  }
  return c.requirement.level == Level::informational ? Verdict::informational : Verdict::pass;
}

bool has_echo_load(const Case& c) {
  return std::any_of(c.steps.begin(), c.steps.end(), [](const LocatedStep& step) {
    return std::holds_alternative<EchoLoadStep>(step.step);
  });
}

// The echo_load cases move about 300 MiB each way and run one at a time: every liberal mode gets
// one case of each shape (one frame, fragments, chopped writes, round trips; text and binary),
// and no-size-limit, the one freedom about sizes, gets them all.
constexpr std::string_view kLoadShapes[] = {
    "rfc6455/5.4/load/*-64kib-in-one-frame", "rfc6455/5.4/load/*-4mib-in-64kib-fragments",
    "rfc6455/5.4/load/*-1mib-frame-in-2kib-writes", "rfc6455/5.4/load/*-1000-round-trips-of-16b"};

std::vector<Case> liberal_cases(std::string_view mode) {
  std::vector<Case> cases = suite();
  if (mode != "no-size-limit") {
    std::erase_if(cases, [](const Case& c) {
      return has_echo_load(c) && std::none_of(std::begin(kLoadShapes), std::end(kLoadShapes),
                                              [&](std::string_view glob) {
                                                return glob_match(std::string(glob), c.id);
                                              });
    });
  }
  return cases;
}

TEST(SuiteLiberalLeg, EveryLiberalModeIsGradedAsTheGradingTableSays) {
  std::vector<std::string> mismatches;
  std::size_t fails = 0;
  for (const std::string_view name : raw_server::liberal_mode_names()) {
    const std::vector<Case> cases = liberal_cases(name);
    const std::vector<CaseResult> results =
        run_against({}, cases, {*raw_server::parse_liberal_mode(name)});
    EXPECT_EQ(results.size(), cases.size()) << name;
    for (const CaseResult& result : results) {
      const Verdict verdict = result.judgement.verdict;
      if (verdict == Verdict::fail) ++fails;
      if (verdict != graded_verdict(name, *result.test_case)) {
        mismatches.push_back(fmt::format("[{}] {} (table: {})", name, explain(result),
                                         verdict_name(graded_verdict(name, *result.test_case))));
      }
    }
  }
  // The rule this leg exists for: a server that keeps every MUST never gets a fail.
  EXPECT_EQ(fails, 0u);
  EXPECT_TRUE(mismatches.empty()) << mismatches.size() << " mismatches:\n"
                                  << fmt::format("{}", fmt::join(mismatches, "\n"));
}

TEST(Suite, EveryGradingTableRowMatchesACaseAndNamesALiberalMode) {
  for (const LiberalVerdict& row : kLiberalVerdicts) {
    EXPECT_TRUE(raw_server::parse_liberal_mode(row.mode)) << row.mode;
    EXPECT_TRUE(std::any_of(suite().begin(), suite().end(), [&](const Case& c) {
      return glob_match(row.id_glob, c.id);
    })) << row.id_glob;
  }
}

// A case graded MUST quotes a MUST: a sentence without one cannot make a failure (§2 of
// docs/grading.md). SHOULD cases quote a SHOULD or say why the rule is no stronger.
TEST(Suite, EveryMustCaseQuotesAMust) {
  std::vector<std::string> offenders;
  for (const Case& c : load_scenarios(WSCONFORM_SCENARIO_DIR)) {
    if (c.requirement.level != Level::must) continue;
    if (c.requirement.text.find("MUST") == std::string::npos) offenders.push_back(c.id);
  }
  EXPECT_TRUE(offenders.empty()) << fmt::format("{}", fmt::join(offenders, "\n"));
}

}  // namespace
}  // namespace wsconform::scenario
