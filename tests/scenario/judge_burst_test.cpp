// The burst judge (judge_burst.cpp): records built by hand, no network.
#include "scenario/judge/burst.hpp"

#include <gtest/gtest.h>

#include <string>

#include "scenario/judge/judge.hpp"
#include "scenario/model/verdict.hpp"

namespace wsconform::scenario {
namespace {

using End = BurstConnection::End;
using judge_detail::burst_mismatches;
using judge_detail::check_broken_ends;
using judge_detail::describe_burst;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

BurstConnection served(std::uint32_t messages = 4) {
  BurstConnection c;
  c.end = End::closed;
  c.close_code = 1000;
  c.http_status = 101;
  c.messages_sent = messages;
  c.echoes = messages;
  c.started_us = 0;
  c.upgraded_us = 100;
  c.ended_us = 900;
  return c;
}

BurstConnection refused(int status, bool retry_after) {
  BurstConnection c;
  c.end = End::refused;
  c.http_status = status;
  c.retry_after = retry_after;
  return c;
}

BurstConnection shed(std::uint16_t code, std::uint32_t sent, std::uint32_t echoes) {
  BurstConnection c = served(sent);
  c.server_closed_first = true;
  c.close_code = code;
  c.echoes = echoes;
  return c;
}

BurstRecord record(std::vector<BurstConnection> connections, bool recovered = true) {
  BurstRecord r;
  r.connections = std::move(connections);
  r.metrics.recovery_checked = true;
  if (recovered) r.metrics.recover_ms = 12;
  return r;
}

TEST(JudgeBurst, AServerThatServesEveryoneAndRecoversPasses) {
  EXPECT_TRUE(burst_mismatches({}, record({served(), served()})).empty());
}

TEST(JudgeBurst, RefusalsWith503AndRetryAfterAndSheddingWith1013Pass) {
  const BurstRecord r = record({served(), refused(503, true), shed(1013, 10, 6)});
  EXPECT_TRUE(burst_mismatches({}, r).empty()) << joined(burst_mismatches({}, r));
}

TEST(JudgeBurst, A500RefusalFailsNamingTheStatusAndAnExample) {
  const auto mismatches =
      burst_mismatches({}, record({served(), refused(500, false), refused(500, false)}));
  ASSERT_EQ(mismatches.size(), 1u) << joined(mismatches);
  EXPECT_TRUE(contains(mismatches[0], "refuses to get HTTP 503, saw HTTP 500 x2 (connection 2)"))
      << mismatches[0];
}

TEST(JudgeBurst, A503WithoutRetryAfterFailsUnlessNotRequired) {
  const BurstRecord r = record({refused(503, false)});
  const auto mismatches = burst_mismatches({}, r);
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_TRUE(contains(mismatches[0], "Retry-After")) << mismatches[0];
  BurstExpectation lenient;
  lenient.retry_after = false;
  EXPECT_TRUE(burst_mismatches(lenient, r).empty());
}

TEST(JudgeBurst, SheddingWith1011FailsAndSaysWhichCode) {
  const auto mismatches = burst_mismatches({}, record({shed(1011, 5, 5), shed(1013, 5, 5)}));
  ASSERT_EQ(mismatches.size(), 1u) << joined(mismatches);
  EXPECT_TRUE(contains(mismatches[0], "1011 (Internal Error) x1 (connection 1)")) << mismatches[0];
}

TEST(JudgeBurst, ASilentDropFailsAndACloseWithoutCodeToo) {
  BurstConnection dropped = served();
  dropped.end = End::dropped;
  dropped.close_code.reset();
  EXPECT_TRUE(contains(joined(burst_mismatches({}, record({dropped}))), "silent drop"));
  BurstConnection no_code = shed(1013, 1, 1);
  no_code.close_code.reset();
  no_code.close_without_code = true;
  EXPECT_TRUE(contains(joined(burst_mismatches({}, record({no_code}))), "with no code"));
}

TEST(JudgeBurst, LostOrAlteredEchoesFail) {
  BurstConnection short_of_echoes = served(10);
  short_of_echoes.echoes = 7;  // closed normally by us, yet three echoes never came
  EXPECT_TRUE(contains(joined(burst_mismatches({}, record({short_of_echoes}))),
                       "echoes missing (connection 1)"));
  BurstConnection altered = served();
  altered.echo_mismatch = true;
  EXPECT_TRUE(contains(joined(burst_mismatches({}, record({altered}))), "out of order"));
  BurstExpectation not_counted;
  not_counted.no_lost_messages = false;
  EXPECT_TRUE(burst_mismatches(not_counted, record({short_of_echoes})).empty());
}

TEST(JudgeBurst, NoRecoveryFails) {
  EXPECT_TRUE(
      contains(joined(burst_mismatches({}, record({served()}, false))), "saw none succeed"));
  BurstRecord unchecked = record({served()});
  unchecked.metrics.recovery_checked = false;
  EXPECT_TRUE(contains(joined(burst_mismatches({}, unchecked)), "not checked"));
}

TEST(JudgeBurst, ABurstThatOpenedNothingFails) {
  EXPECT_FALSE(burst_mismatches({}, record({})).empty());
}

TEST(JudgeBurst, TheDescriptionCountsWhatHappened) {
  const std::string text =
      describe_burst(record({served(), refused(503, true), shed(1013, 10, 6)}));
  EXPECT_TRUE(contains(text, "3 connections: 2 upgraded")) << text;
  EXPECT_TRUE(contains(text, "1 refused (HTTP 503 x1, 1 with Retry-After)")) << text;
  EXPECT_TRUE(contains(text, "shed by the server with 1013 (Try Again Later) x1")) << text;
  EXPECT_TRUE(contains(text, "10 echoes back")) << text;
  EXPECT_TRUE(contains(text, "recovered 12.0 ms after the burst")) << text;
}

TEST(JudgeBurst, TheJudgeGradesABurstCaseThroughItsAlternatives) {
  Case c;
  c.id = "overload/503/test";
  c.requirement.level = Level::must;
  c.burst = BurstCase{};
  c.expect.burst = BurstExpectation{};
  Alternative no_retry_after;
  no_retry_after.grade = Alternative::Grade::non_strict;
  no_retry_after.expect.burst = BurstExpectation{};
  no_retry_after.expect.burst->retry_after = false;
  c.alternatives.push_back(no_retry_after);
  Transcript t;
  t.burst = record({served(), refused(503, false)});
  EXPECT_EQ(judge(c, t).verdict, Verdict::non_strict);
  t.burst = record({served(), refused(503, true)});
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
  t.burst = record({served(), refused(500, true)});
  const Judgement failed = judge(c, t);
  EXPECT_EQ(failed.verdict, Verdict::fail);
  EXPECT_TRUE(contains(failed.reasons.front(), "the burst saw 2 connections"))
      << failed.reasons.front();
}

TEST(JudgeBurst, BrokenFramingAnUnansweredCloseAndAnInvalidUpgradeFailWhateverIsExpected) {
  BurstConnection broke = served();
  broke.end = End::violation;
  BurstConnection unanswered = served();
  unanswered.end = End::close_unanswered;
  BurstConnection bad_upgrade;
  bad_upgrade.end = End::handshake_failed;
  bad_upgrade.http_status = 101;
  std::vector<std::string> failures;
  check_broken_ends(record({broke, unanswered, bad_upgrade}), failures);
  const std::string text = joined(failures);
  EXPECT_TRUE(contains(text, "where it broke them (connection 1)")) << text;
  EXPECT_TRUE(contains(text, "left unanswered (connection 2)")) << text;
  EXPECT_TRUE(contains(text, "1 invalid 101 (connection 3)")) << text;

  // They are the judge's invariants: a SHOULD case with a lenient expectation still fails.
  Case c;
  c.id = "overload/503/test";
  c.requirement.level = Level::should;
  c.burst = BurstCase{};
  BurstExpectation lenient;
  lenient.no_silent_drops = false;
  lenient.no_lost_messages = false;
  lenient.recovers = false;
  c.expect.burst = lenient;
  Transcript t;
  t.burst = record({broke});
  EXPECT_EQ(judge(c, t).verdict, Verdict::fail);
  t.burst = record({served()});
  EXPECT_EQ(judge(c, t).verdict, Verdict::pass);
}

TEST(JudgeBurst, NoAnswerAtAllIsASilentDropToo) {
  BurstConnection reset_before_http;
  reset_before_http.end = End::handshake_failed;  // TCP ended before any HTTP answer
  BurstConnection refused_tcp;
  refused_tcp.end = End::connect_failed;
  const std::string text = joined(burst_mismatches({}, record({reset_before_http, refused_tcp})));
  EXPECT_TRUE(contains(text, "saw 2 silent drops (connection 1)")) << text;
  BurstExpectation lenient;
  lenient.no_silent_drops = false;
  EXPECT_TRUE(burst_mismatches(lenient, record({reset_before_http, refused_tcp})).empty());
}

TEST(JudgeBurst, AServerThatStallsLosesMessages) {
  BurstConnection stalled = served(10);
  stalled.end = End::none;  // the burst's time ran out with echoes still owed
  stalled.close_code.reset();
  stalled.echoes = 3;
  EXPECT_TRUE(contains(joined(burst_mismatches({}, record({stalled}))),
                       "still waiting for echoes when the burst's time ran out"));
  EXPECT_TRUE(contains(describe_burst(record({stalled})), "1 still open when the burst ended"));
}

}  // namespace
}  // namespace wsconform::scenario
