#include "report/json/report.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "report/diff.hpp"
#include "report/json/bytes.hpp"
#include "report/json/run_outcome.hpp"
#include "sample_results.hpp"
#include "sample_sections.hpp"
#include "xml_check.hpp"

namespace wsconform::report {
namespace {

using scenario::Verdict;
using testing::kHostileHeaderValue;
using testing::SampleRun;

RunInfo sample_run_info() {
  RunInfo run;
  run.tool_version = "0.1.0";
  run.target = "ws://127.0.0.1:9001/";
  run.started_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000123));
  run.duration_ms = 250;
  run.jobs = 4;
  run.timeout_ms = 10000;
  run.strict = true;
  run.seed = 99;
  run.include = {"rfc6455/5.*"};
  return run;
}

// Dumps and parses back, as a consumer of report.json would.
Json round_trip(const Json& report) {
  return Json::parse(dump_json_report(report));
}

const Json& case_by_id(const Json& report, std::string_view id) {
  for (const auto& entry : report.at("cases")) {
    if (entry.at("id") == id) return entry;
  }
  throw std::runtime_error("no case " + std::string(id));
}

TEST(JsonReport, TopLevelCarriesSchemaRunInformationAndOptions) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  const Json report = round_trip(build_json_report(sample_run_info(), run.results()));
  EXPECT_EQ(report.at("schema"), "wsconform-report/2");
  EXPECT_EQ(report.at("tool").at("version"), "0.1.0");
  EXPECT_EQ(report.at("target"), "ws://127.0.0.1:9001/");
  EXPECT_EQ(report.at("started_at"), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(report.at("duration_ms"), 250);
  EXPECT_EQ(report.at("options").at("jobs"), 4);
  EXPECT_EQ(report.at("options").at("timeout_ms"), 10000);
  EXPECT_EQ(report.at("options").at("strict"), true);
  EXPECT_EQ(report.at("options").at("seed"), 99);
  EXPECT_EQ(report.at("options").at("cases"), Json::array({"rfc6455/5.*"}));
  EXPECT_EQ(report.at("interrupted"), false);
  EXPECT_NO_THROW(check_report_shape(report));
}

TEST(JsonReport, CountsPerVerdictAndPerSection) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  run.add("rfc6455/5.2/b", "5.2", Verdict::fail, {"no close frame"});
  run.add("rfc6455/5.2/c", "5.2", Verdict::non_strict);
  run.add("rfc6455/7.4/a", "7.4", Verdict::error);
  run.add("rfc6455/7.4/b", "7.4", Verdict::pass);
  const Json report = build_json_report(sample_run_info(), run.results());
  const Json& by_verdict = report.at("counts").at("by_verdict");
  EXPECT_EQ(by_verdict.at("total"), 5);
  EXPECT_EQ(by_verdict.at("pass"), 2);
  EXPECT_EQ(by_verdict.at("fail"), 1);
  EXPECT_EQ(by_verdict.at("non-strict"), 1);
  EXPECT_EQ(by_verdict.at("error"), 1);
  EXPECT_EQ(by_verdict.at("informational"), 0);
  EXPECT_EQ(by_verdict.at("unimplemented"), 0);
  const Json& by_section = report.at("counts").at("by_section");
  EXPECT_EQ(by_section.at("5.2").at("total"), 3);
  EXPECT_EQ(by_section.at("5.2").at("fail"), 1);
  EXPECT_EQ(by_section.at("7.4").at("total"), 2);
  EXPECT_EQ(by_section.at("7.4").at("error"), 1);
  EXPECT_EQ(report.at("conformant"), false);
}

TEST(JsonReport, ConformantWhenEveryCaseIsJudgedAndNoneFails) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  run.add("rfc6455/5.2/b", "5.2", Verdict::non_strict);
  run.add("rfc6455/5.2/c", "5.2", Verdict::informational);
  const Json report = round_trip(build_json_report(sample_run_info(), run.results()));
  EXPECT_EQ(report.at("conformant"), true);
  EXPECT_EQ(report.at("outcome"), "conformant");
  EXPECT_EQ(report_outcome(report).outcome, RunOutcome::conformant);
}

TEST(JsonReport, AFailMakesItNotConformantEvenAmongErrors) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::fail, {"closed with 1011"});
  run.add("rfc6455/5.2/b", "5.2", Verdict::error, {"refused"});
  run.add("rfc6455/5.2/c", "5.2", Verdict::error, {"refused"});
  const Json report = round_trip(build_json_report(sample_run_info(), run.results()));
  EXPECT_EQ(report.at("conformant"), false);
  EXPECT_EQ(report.at("outcome"), "not-conformant");
  const ReportOutcome outcome = report_outcome(report);
  EXPECT_EQ(outcome.outcome, RunOutcome::not_conformant);
  EXPECT_EQ(outcome.tally.failed, 1);
  EXPECT_EQ(outcome.tally.unjudged, 2);
}

// A server that answers every handshake with HTTP 200, garbage or nothing: nothing failed, but
// nothing was judged either.
TEST(JsonReport, ErrorsWithoutAFailAreInconclusiveNotConformant) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::error, {"no handshake response"});
  run.add("rfc6455/5.2/b", "5.2", Verdict::error, {"no handshake response"});
  run.add("rfc6455/7.4/a", "7.4", Verdict::unimplemented);
  const Json report = round_trip(build_json_report(sample_run_info(), run.results()));
  EXPECT_EQ(report.at("conformant"), false);
  EXPECT_EQ(report.at("outcome"), "inconclusive");
  const ReportOutcome outcome = report_outcome(report);
  EXPECT_EQ(outcome.outcome, RunOutcome::inconclusive);
  EXPECT_EQ(outcome.tally.failed, 0);
  EXPECT_EQ(outcome.tally.unjudged, 2);
  EXPECT_EQ(inconclusive_headline(outcome.tally.unjudged),
            "inconclusive: 2 cases could not be judged");
  EXPECT_EQ(inconclusive_headline(1), "inconclusive: 1 case could not be judged");
}

// A fault trigger the profile does not offer: deliberately not run, not a reason for doubt.
TEST(JsonReport, UnimplementedCasesLeaveARunConformant) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  run.add("faults/1011/a", "faults", Verdict::unimplemented, {"needs handler_exception"});
  run.add("faults/1011/b", "faults", Verdict::unimplemented, {"needs handler_exception"});
  const Json report = build_json_report(sample_run_info(), run.results());
  EXPECT_EQ(report.at("conformant"), true);
  EXPECT_EQ(report.at("outcome"), "conformant");
}

TEST(JsonReport, OutcomeNamesRoundTrip) {
  for (const RunOutcome outcome :
       {RunOutcome::conformant, RunOutcome::not_conformant, RunOutcome::inconclusive}) {
    EXPECT_EQ(run_outcome_named(to_string(outcome)), outcome);
  }
  EXPECT_EQ(to_string(RunOutcome::not_conformant), "not-conformant");
  EXPECT_EQ(run_outcome_named("maybe"), std::nullopt);
}

// Reports written before "outcome" existed: "conformant" then only meant "no fail".
TEST(JsonReport, AMissingOutcomeIsDerivedFromConformantAndTheCases) {
  const auto old_report = [](bool conformant, std::vector<std::string> verdicts) {
    Json cases = Json::array();
    for (const auto& verdict : verdicts) {
      cases.push_back({{"id", "c/" + verdict}, {"section", "5.2"}, {"verdict", verdict}});
    }
    return Json{{"schema", "wsconform-report/1"}, {"conformant", conformant}, {"cases", cases}};
  };
  EXPECT_EQ(report_outcome(old_report(true, {"pass", "unimplemented"})).outcome,
            RunOutcome::conformant);
  EXPECT_EQ(report_outcome(old_report(true, {"pass", "error"})).outcome, RunOutcome::inconclusive);
  EXPECT_EQ(report_outcome(old_report(false, {"fail", "error"})).outcome,
            RunOutcome::not_conformant);
  // No "conformant" either (hand-edited): the cases alone; a verdict this build does not know is
  // a case it cannot judge.
  EXPECT_EQ(report_outcome(Json{{"cases", Json::array({{{"verdict", "fail"}}})}}).outcome,
            RunOutcome::not_conformant);
  const ReportOutcome weird = report_outcome(Json{{"cases", Json::array({{{"verdict", "odd"}}})}});
  EXPECT_EQ(weird.outcome, RunOutcome::inconclusive);
  EXPECT_EQ(weird.tally.unjudged, 1);
  // A known "outcome" is taken as written; an unknown one is derived.
  Json written = old_report(true, {"pass", "error"});
  written["outcome"] = "conformant";
  EXPECT_EQ(report_outcome(written).outcome, RunOutcome::conformant);
  written["outcome"] = "perhaps";
  EXPECT_EQ(report_outcome(written).outcome, RunOutcome::inconclusive);
  // Several targets, each derived on its own.
  const Json multi = {
      {"schema", "wsconform-report/2"},
      {"conformant", true},
      {"targets", Json::array({old_report(true, {"pass"}), old_report(true, {"error"})})}};
  EXPECT_EQ(report_outcome(multi).outcome, RunOutcome::inconclusive);
  EXPECT_EQ(report_outcome(multi.at("targets").at(0)).outcome, RunOutcome::conformant);
  EXPECT_EQ(report_outcome(multi.at("targets").at(1)).outcome, RunOutcome::inconclusive);
}

TEST(JsonReport, InterruptedFlagIsRecorded) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  RunInfo info = sample_run_info();
  info.interrupted = true;
  EXPECT_EQ(build_json_report(info, run.results()).at("interrupted"), true);
}

TEST(JsonReport, CaseCarriesIdentityRequirementVerdictAndExpectation) {
  SampleRun run;
  run.add_hostile("rfc6455/5.5.1/hostile");
  const Json report = round_trip(build_json_report(sample_run_info(), run.results()));
  const Json& c = case_by_id(report, "rfc6455/5.5.1/hostile");
  EXPECT_EQ(c.at("title"), "title of rfc6455/5.5.1/hostile");
  EXPECT_EQ(c.at("section"), "5.5.1");
  EXPECT_EQ(c.at("level"), "MUST");
  EXPECT_EQ(c.at("requirement"), "The endpoint MUST do the thing.");
  EXPECT_EQ(c.at("source").at("line"), 7);
  EXPECT_EQ(c.at("verdict"), "fail");
  ASSERT_EQ(c.at("reasons").size(), 2u);
  EXPECT_EQ(c.at("reasons")[1], "second reason");
  EXPECT_EQ(c.at("duration_ms"), 1.5);
  const std::string expected = c.at("expected").at("summary");
  // The judge's own words for the expectation (one describer serves reasons and reports).
  EXPECT_NE(expected.find("no message"), std::string::npos) << expected;
  EXPECT_NE(expected.find("close 1002 (Protocol Error)"), std::string::npos) << expected;
  EXPECT_NE(expected.find("a dropped connection"), std::string::npos) << expected;
  const Json& alternative = c.at("expected").at("alternatives").at(0);
  EXPECT_EQ(alternative.at("grade"), "non-strict");
  EXPECT_EQ(alternative.at("why"), "the RFC does not say how soon");
  EXPECT_NE(alternative.at("summary").get<std::string>().find("1007"), std::string::npos);
}

TEST(JsonReport, HostileServerBytesSurviveAsHexAndReplacedText) {
  SampleRun run;
  run.add_hostile();
  const std::string text = dump_json_report(build_json_report(sample_run_info(), run.results()));
  const Json report = Json::parse(text);  // throws if the output is not valid JSON / UTF-8
  const Json& observed = report.at("cases").at(0).at("observed");

  const Json& reason = observed.at("server_close").at("reason");
  const std::string reason_text = reason.at("text");
  EXPECT_NE(reason_text.find("</testcase><script>alert(1)</script> ]]>"), std::string::npos);
  EXPECT_NE(reason_text.find(std::string("nul:") + '\0'), std::string::npos);
  EXPECT_NE(reason_text.find("bad:\xEF\xBF\xBD\xEF\xBF\xBD end"), std::string::npos) << reason_text;
  EXPECT_NE(reason.at("hex").get<std::string>().find("ff fe"), std::string::npos);
  EXPECT_EQ(reason.at("size"), testing::kHostileReason.size());
  EXPECT_EQ(observed.at("server_close").at("code"), 1000);
  EXPECT_FALSE(observed.at("server_close").at("code_name").get<std::string>().empty());

  const Json& headers = observed.at("handshake").at("response").at("headers");
  EXPECT_EQ(headers.at(1).at("name"), "X-Evil");
  EXPECT_EQ(headers.at(1).at("value"), kHostileHeaderValue);
  EXPECT_EQ(observed.at("handshake").at("response").at("status"), 101);
  EXPECT_EQ(observed.at("handshake").at("upgrade_problems").at(0),
            "Sec-WebSocket-Accept is \xEF\xBF\xBD wrong");

  EXPECT_EQ(observed.at("messages").at(0).at("opcode"), "text");
  EXPECT_EQ(observed.at("pongs").at(0).at("text"), "pong\xEF\xBF\xBD");
  EXPECT_EQ(observed.at("pongs").at(0).at("hex"), "70 6f 6e 67 c0");
  EXPECT_EQ(observed.at("tcp_end"), "fin");
  EXPECT_EQ(observed.at("server_violation").at("rule"), "invalid-utf8-close-reason");
  EXPECT_EQ(observed.at("server_violation").at("detail"), "byte \xEF\xBF\xBD");
  EXPECT_TRUE(observed.at("harness_error").is_null());
  // Raw control bytes never appear unescaped in the JSON text.
  EXPECT_EQ(text.find('\x01'), std::string::npos);
  EXPECT_EQ(text.find('\0'), std::string::npos);
}

TEST(JsonReport, EventsTimelineHasTimeKindSummaryAndHex) {
  SampleRun run;
  run.add_hostile();
  const Json report = round_trip(build_json_report(sample_run_info(), run.results()));
  const Json& event = report.at("cases").at(0).at("events").at(0);
  EXPECT_EQ(event.at("t_us"), 300);
  EXPECT_EQ(event.at("kind"), "frame-received");
  EXPECT_EQ(event.at("hex"), "88 02 03 e8");
  EXPECT_EQ(event.at("size"), 4);
  EXPECT_NE(event.at("summary").get<std::string>().find("<script>"), std::string::npos);
}

TEST(JsonReport, LongPayloadsAreCappedButTheirSizeIsKept) {
  SampleRun run;
  scenario::CaseResult& result = run.add("rfc6455/10.4/big", "10.4", Verdict::pass);
  result.transcript.messages.push_back({wire::opcode::binary, wire::Bytes(2000, 0x41), 5});
  const Json report = round_trip(build_json_report(sample_run_info(), run.results()));
  const Json& message = report.at("cases").at(0).at("observed").at("messages").at(0);
  EXPECT_EQ(message.at("size"), 2000);
  EXPECT_EQ(message.at("truncated"), true);
  EXPECT_EQ(message.at("text").get<std::string>().size(), kMaxReportedBytes);
}

TEST(JsonReport, DumpReplacesInvalidUtf8InsteadOfThrowing) {
  Json report = {{"schema", "wsconform-report/1"}, {"bad", std::string("x\xff y")}};
  std::string text;
  ASSERT_NO_THROW(text = dump_json_report(report));
  EXPECT_EQ(Json::parse(text).at("bad"), "x\xEF\xBF\xBD y");
}

TEST(JsonReport, Iso8601IsUtcWithMilliseconds) {
  EXPECT_EQ(iso8601_utc(std::chrono::system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(
      iso8601_utc(std::chrono::system_clock::time_point(std::chrono::milliseconds(951782400999))),
      "2000-02-29T00:00:00.999Z");
}

TEST(JsonReport, ShapeCheckRejectsOtherDocuments) {
  EXPECT_THROW(check_report_shape(Json::array()), std::invalid_argument);
  EXPECT_THROW(check_report_shape(Json{{"schema", "wsconform-report/3"}, {"cases", Json::array()}}),
               std::invalid_argument);
  EXPECT_THROW(check_report_shape(Json{{"schema", "other/1"}, {"cases", Json::array()}}),
               std::invalid_argument);
  // Several targets need version 2, a target URL each, and cases of the usual shape.
  EXPECT_THROW(check_report_shape(Json{
                   {"schema", "wsconform-report/1"},
                   {"targets", Json::array({{{"target", "ws://a/"}, {"cases", Json::array()}}})}}),
               std::invalid_argument);
  EXPECT_THROW(check_report_shape(Json{{"schema", "wsconform-report/2"},
                                       {"targets", Json::array({{{"cases", Json::array()}}})}}),
               std::invalid_argument);
  EXPECT_THROW(
      check_report_shape(Json{{"schema", "wsconform-report/2"},
                              {"targets", Json::array({{{"target", "ws://a/"},
                                                        {"cases", Json::array({{{"id", 5}}})}}})}}),
      std::invalid_argument);
  EXPECT_NO_THROW(check_report_shape(
      Json{{"schema", "wsconform-report/2"},
           {"targets", Json::array({{{"target", "ws://a/"}, {"cases", Json::array()}}})}}));
  EXPECT_NO_THROW(
      check_report_shape(Json{{"schema", "wsconform-report/2"}, {"cases", Json::array()}}));
  EXPECT_THROW(check_report_shape(Json{{"schema", "wsconform-report/1"}}), std::invalid_argument);
  EXPECT_THROW(check_report_shape(
                   Json{{"schema", "wsconform-report/1"}, {"cases", Json::array({{{"id", 5}}})}}),
               std::invalid_argument);
  // Version 1 is version 2 with one target: still read.
  EXPECT_NO_THROW(
      check_report_shape(Json{{"schema", "wsconform-report/1"}, {"cases", Json::array()}}));
}

TEST(JsonReport, ExpectedListsTheCodesAndStatusesItNames) {
  SampleRun run;
  run.add_hostile();
  const Json report = round_trip(build_json_report(sample_run_info(), run.results()));
  const Json& expected = report.at("cases").at(0).at("expected");
  EXPECT_EQ(expected.at("close_codes"), Json::array({1002, 1007}));
  EXPECT_EQ(expected.at("http_statuses"), Json::array());
}

TEST(JsonReport, SeveralTargetsGiveOneRunPerTargetAndOverallCounts) {
  SampleRun first;
  first.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  first.add("rfc6455/5.2/b", "5.2", Verdict::pass);
  SampleRun second;
  second.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  second.add("rfc6455/5.2/b", "5.2", Verdict::fail, {"closed with 1011"});
  const std::vector<TargetResults> targets{{"ws://a:1/", first.results(), 10},
                                           {"ws://b:2/", second.results(), 20}};
  const Json report = round_trip(build_multi_target_report(sample_run_info(), targets));
  EXPECT_EQ(report.at("schema"), "wsconform-report/2");
  EXPECT_FALSE(report.contains("target"));
  EXPECT_FALSE(report.contains("cases"));
  EXPECT_EQ(report.at("conformant"), false);
  EXPECT_EQ(report.at("counts").at("by_verdict").at("total"), 4);
  EXPECT_EQ(report.at("counts").at("by_verdict").at("fail"), 1);
  ASSERT_EQ(report.at("targets").size(), 2u);
  const Json& a = report.at("targets").at(0);
  const Json& b = report.at("targets").at(1);
  EXPECT_EQ(a.at("target"), "ws://a:1/");
  EXPECT_EQ(a.at("conformant"), true);
  EXPECT_EQ(a.at("duration_ms"), 10);
  EXPECT_EQ(a.at("counts").at("by_verdict").at("pass"), 2);
  EXPECT_EQ(b.at("conformant"), false);
  EXPECT_EQ(b.at("counts").at("by_section").at("5.2").at("fail"), 1);
  EXPECT_EQ(b.at("cases").at(1).at("reasons").at(0), "closed with 1011");
  EXPECT_EQ(report.at("outcome"), "not-conformant");
  EXPECT_EQ(a.at("outcome"), "conformant");
  EXPECT_EQ(b.at("outcome"), "not-conformant");
  EXPECT_NO_THROW(check_report_shape(report));
}

TEST(JsonReport, SeveralTargetsHaveAnOutcomeEachAndOverall) {
  SampleRun judged;
  judged.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  SampleRun unanswered;
  unanswered.add("rfc6455/5.2/a", "5.2", Verdict::error, {"no handshake response"});
  SampleRun failing;
  failing.add("rfc6455/5.2/a", "5.2", Verdict::fail, {"closed with 1011"});
  const std::vector<TargetResults> doubtful{{"ws://a:1/", judged.results(), 1},
                                            {"ws://b:2/", unanswered.results(), 1}};
  const Json report = round_trip(build_multi_target_report(sample_run_info(), doubtful));
  EXPECT_EQ(report.at("targets").at(0).at("outcome"), "conformant");
  EXPECT_EQ(report.at("targets").at(0).at("conformant"), true);
  EXPECT_EQ(report.at("targets").at(1).at("outcome"), "inconclusive");
  EXPECT_EQ(report.at("targets").at(1).at("conformant"), false);
  EXPECT_EQ(report.at("outcome"), "inconclusive");
  EXPECT_EQ(report.at("conformant"), false);
  // A fail on any target wins over an error on another.
  const std::vector<TargetResults> broken{{"ws://b:2/", unanswered.results(), 1},
                                          {"ws://c:3/", failing.results(), 1}};
  EXPECT_EQ(build_multi_target_report(sample_run_info(), broken).at("outcome"), "not-conformant");
}

// The documented schema and the code agree: reports with every optional part present (one
// target with a baseline and a burst; several targets with a fuzz campaign) validate against
// harness/report/json/report.schema.json (checked with Python's jsonschema; scripts/setup installs
// it).
TEST(JsonReport, ReportValidatesAgainstTheDocumentedSchema) {
  // Fails rather than skips: a skip would pass in CI without checking the schema.
  if (std::system("python3 -c 'import jsonschema' 2>/dev/null") != 0) {
    FAIL() << "python3 jsonschema is not installed: scripts/setup installs python3-jsonschema";
  }
  const std::filesystem::path schema = std::filesystem::path(__FILE__).parent_path() /
                                       "../../harness/report/json/report.schema.json";
  ASSERT_TRUE(std::filesystem::exists(schema)) << schema;
  SampleRun run;
  run.add_hostile();
  run.add("rfc6455/5.2/plain", "5.2", Verdict::error, {"refused"}).test_case = nullptr;
  Json single = build_json_report(sample_run_info(), run.results());
  single["cases"][0]["observed"]["burst"] = testing::sample_burst_json();
  Json baseline = baseline_json("old/report.json", single, single);
  single["baseline"] = std::move(baseline);
  const std::vector<TargetResults> targets{{"ws://a:1/", run.results(), 1},
                                           {"ws://b:2/", run.results(), 2}};
  Json multi = build_multi_target_report(sample_run_info(), targets);
  multi["fuzz"] = testing::sample_fuzz_json();
  for (const Json* report : {&single, &multi}) {
    const std::filesystem::path file = testing::fresh_directory("schema") / "report.json";
    std::ofstream(file, std::ios::binary) << dump_json_report(*report);
    const std::string command =
        "python3 -c 'import json, sys, jsonschema; "
        "schema = json.load(open(sys.argv[1])); "
        "jsonschema.Draft202012Validator.check_schema(schema); "
        "jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))' '" +
        schema.string() + "' '" + file.string() + "'";
    const int status = std::system(command.c_str());
    EXPECT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
}

}  // namespace
}  // namespace wsconform::report
