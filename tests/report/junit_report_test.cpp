#include "report/text/junit_report.hpp"

#include <gtest/gtest.h>

#include "report/json/report.hpp"
#include "sample_report.hpp"
#include "sample_sections.hpp"
#include "xml_check.hpp"

namespace wsconform::report {
namespace {

using scenario::Verdict;
using testing::occurrences;
using testing::report_of;
using testing::SampleRun;

// The <testcase ...> element of `id`, up to its end.
std::string testcase_element(const std::string& xml, std::string_view id) {
  const auto start = xml.find("<testcase name=\"" + std::string(id) + "\"");
  if (start == std::string::npos) return {};
  const auto self_closed = xml.find("/>", start);
  const auto open_end = xml.find('>', start);
  if (self_closed != std::string::npos && self_closed + 1 == open_end) {
    return xml.substr(start, open_end + 1 - start);
  }
  const auto end = xml.find("</testcase>", start);
  return xml.substr(start, end + 11 - start);
}

TEST(JunitReport, HostileTranscriptGivesWellFormedXml) {
  SampleRun run;
  run.add_hostile("rfc6455/5.5.1/hostile");
  run.add("rfc6455/5.5.1/<evil>&\"id\x01", "5.5.1", Verdict::error,
          {testing::kHostileHeaderValue + testing::kHostileReason});
  run.add("rfc6455/5.2/note", "5.2]]>", Verdict::informational, {testing::kHostileReason});
  const std::string xml = render_junit(report_of(run));
  EXPECT_EQ(xml.find("<script"), std::string::npos);
  EXPECT_NE(xml.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_EQ(xml.find("CDATA"), std::string::npos);
  EXPECT_FALSE(testing::has_forbidden_control_byte(xml));
  EXPECT_NE(xml.find("nul:\\x00 ctl:\\x01"), std::string::npos);
  EXPECT_EQ(occurrences(xml, "<testcase "), 3u);
  EXPECT_EQ(occurrences(xml, "<testsuite "), occurrences(xml, "</testsuite>"));
  EXPECT_TRUE(testing::xml_is_well_formed(xml, testing::fresh_directory("junit"))) << xml;
}

TEST(JunitReport, OneSuitePerSectionWithCounts) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  run.add("rfc6455/5.2/b", "5.2", Verdict::fail, {"no close"});
  run.add("rfc6455/7.4/a", "7.4", Verdict::error, {"refused"});
  run.add("rfc6455/7.4/b", "7.4", Verdict::unimplemented, {"needs trigger"});
  const std::string xml = render_junit(report_of(run));
  EXPECT_NE(
      xml.find(R"(<testsuites name="wsconform" tests="4" failures="1" errors="1" skipped="1")"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<testsuite name="5.2" tests="2" failures="1" errors="0" skipped="0")"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<testsuite name="7.4" tests="2" failures="0" errors="1" skipped="1")"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<testcase name="rfc6455/5.2/a" classname="5.2" time="0.002"/>)"),
            std::string::npos)
      << xml;
}

TEST(JunitReport, SeveralTargetsGiveOneSuitePerTarget) {
  const std::string xml = render_junit(testing::two_target_report());
  EXPECT_NE(
      xml.find(R"(<testsuites name="wsconform" tests="4" failures="1" errors="0" skipped="0")"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<testsuite name="ws://first:1/" tests="2" failures="0")"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<testsuite name="ws://second&lt;x&gt;:2/" tests="2" failures="1")"),
            std::string::npos)
      << xml;
  EXPECT_EQ(occurrences(xml, "<testsuite "), 2u);
  EXPECT_EQ(occurrences(xml, "<testcase "), 4u);
  EXPECT_EQ(occurrences(xml, "<failure "), 1u);
  EXPECT_NE(xml.find(R"(<property name="target" value="ws://second&lt;x&gt;:2/"/>)"),
            std::string::npos);
  // Each target's suite carries that target's outcome.
  EXPECT_EQ(occurrences(xml, R"(<property name="outcome" value="conformant"/>)"), 1u) << xml;
  EXPECT_EQ(occurrences(xml, R"(<property name="outcome" value="not-conformant"/>)"), 1u) << xml;
  EXPECT_TRUE(testing::xml_is_well_formed(xml, testing::fresh_directory("junit-targets")));
}

TEST(JunitReport, EachVerdictMapsToItsElement) {
  SampleRun run;
  run.add("c/pass", "s", Verdict::pass);
  run.add("c/fail", "s", Verdict::fail, {"the headline"});
  run.add("c/error", "s", Verdict::error, {"connection refused"});
  run.add("c/unimplemented", "s", Verdict::unimplemented, {"needs handler-exception"});
  run.add("c/non-strict", "s", Verdict::non_strict, {"closed late"});
  run.add("c/informational", "s", Verdict::informational, {"sent 1000"});
  const std::string xml = render_junit(report_of(run));
  EXPECT_EQ(testcase_element(xml, "c/pass").find("<failure"), std::string::npos);
  EXPECT_NE(testcase_element(xml, "c/fail").find(R"(<failure message="the headline" type="fail">)"),
            std::string::npos);
  EXPECT_NE(testcase_element(xml, "c/fail").find("requirement: §s MUST"), std::string::npos);
  EXPECT_NE(testcase_element(xml, "c/error").find(R"(<error message="connection refused")"),
            std::string::npos);
  EXPECT_NE(testcase_element(xml, "c/unimplemented").find("<skipped message=\"needs handler-"),
            std::string::npos);
  const std::string non_strict = testcase_element(xml, "c/non-strict");
  EXPECT_EQ(non_strict.find("<failure"), std::string::npos);
  EXPECT_NE(non_strict.find("<system-out>verdict: non-strict\nclosed late"), std::string::npos);
  EXPECT_NE(testcase_element(xml, "c/informational").find("<system-out>verdict: informational"),
            std::string::npos);
}

// The properties every suite carries: the outcome and its headline.
TEST(JunitReport, PropertiesSayWhatTheRunComesTo) {
  SampleRun good;
  good.add("c/pass", "s", Verdict::pass);
  good.add("c/unimplemented", "t", Verdict::unimplemented, {"needs a trigger"});
  const std::string conformant = render_junit(report_of(good));
  EXPECT_EQ(occurrences(conformant, R"(<property name="outcome" value="conformant"/>)"), 2u)
      << conformant;
  EXPECT_NE(conformant.find(R"(<property name="headline" value="conformant"/>)"),
            std::string::npos);
  EXPECT_NE(conformant.find(R"(tests="2" failures="0" errors="0" skipped="1")"), std::string::npos);

  SampleRun broken;
  broken.add("c/fail", "s", Verdict::fail, {"closed with 1011"});
  broken.add("c/error", "s", Verdict::error, {"refused"});
  const std::string failed = render_junit(report_of(broken));
  EXPECT_NE(failed.find(R"(<property name="outcome" value="not-conformant"/>)"), std::string::npos);
  EXPECT_NE(failed.find(R"(<property name="headline" value="not conformant: 1 case failed"/>)"),
            std::string::npos)
      << failed;
  EXPECT_NE(failed.find(R"(tests="2" failures="1" errors="1")"), std::string::npos);
}

// Errors only (a server that never answers the handshake): each case an <error>, none a
// <failure>, and the run inconclusive, never conformant.
TEST(JunitReport, ErrorsOnlyAreErrorElementsAndAnInconclusiveRun) {
  SampleRun run;
  run.add("c/first", "s", Verdict::error, {"no handshake response"});
  run.add("c/second", "s", Verdict::error, {"no handshake response"});
  const std::string xml = render_junit(report_of(run));
  EXPECT_NE(testcase_element(xml, "c/first")
                .find(R"(<error message="no handshake response" type="error">)"),
            std::string::npos)
      << xml;
  EXPECT_EQ(occurrences(xml, "<error "), 2u);
  EXPECT_EQ(occurrences(xml, "<failure "), 0u);
  EXPECT_NE(
      xml.find(R"(<testsuites name="wsconform" tests="2" failures="0" errors="2" skipped="0")"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<property name="outcome" value="inconclusive"/>)"), std::string::npos);
  EXPECT_NE(xml.find(R"(<property name="headline" value="inconclusive: 2 cases could not be )"
                     R"(judged"/>)"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find(R"(value="conformant")"), std::string::npos);
  EXPECT_TRUE(testing::xml_is_well_formed(xml, testing::fresh_directory("junit-errors")));
}

TEST(JunitReport, NonStrictIsAFailureUnderStrict) {
  SampleRun run;
  run.add("c/non-strict", "s", Verdict::non_strict, {"closed late"});
  RunInfo strict_info = testing::sample_run_info();
  strict_info.strict = true;
  const std::string xml = render_junit(report_of(run, strict_info));
  EXPECT_NE(testcase_element(xml, "c/non-strict").find("<failure message=\"closed late\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(tests="1" failures="1")"), std::string::npos);
}

TEST(JunitReport, ToleratesAHandEditedReport) {
  const Json report = Json::parse(R"({"schema": "wsconform-report/1", "cases": [
      {"id": "x", "section": "s", "verdict": "weird", "reasons": [3]},
      {"id": "y", "section": "s", "verdict": "fail", "observed": []}]})");
  std::string xml;
  ASSERT_NO_THROW(xml = render_junit(report));
  EXPECT_NE(testcase_element(xml, "x").find("<error"), std::string::npos);
  EXPECT_NE(xml.find(R"(tests="2" failures="1" errors="1")"), std::string::npos) << xml;
}

}  // namespace
}  // namespace wsconform::report
