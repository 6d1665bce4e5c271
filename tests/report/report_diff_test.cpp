#include "report/diff.hpp"

#include <gtest/gtest.h>

#include "report/json/report.hpp"
#include "report/json/schema_version.hpp"
#include "sample_report.hpp"
#include "sample_sections.hpp"

namespace wsconform::report {
namespace {

using scenario::Verdict;
using testing::report_of;
using testing::SampleRun;

RunInfo info_for(std::string target) {
  RunInfo info = testing::sample_run_info();
  info.target = std::move(target);
  return info;
}

std::vector<std::string> ids_in(const Json& changes) {
  std::vector<std::string> ids;
  for (const auto& change : changes) ids.push_back(change.at("id"));
  return ids;
}

// A baseline where everything is conformant, and a new run with planted regressions.
struct Planted {
  SampleRun before;
  SampleRun after;
  Planted() {
    before.add("a/pass-to-fail", "5.2", Verdict::pass);
    before.add("b/non-strict-to-fail", "5.2", Verdict::non_strict);
    before.add("c/informational-to-fail", "5.2", Verdict::informational);
    before.add("d/pass-to-error", "7.4", Verdict::pass);
    before.add("e/fail-to-pass", "7.4", Verdict::fail);
    before.add("f/pass-to-non-strict", "7.4", Verdict::pass);
    before.add("g/unchanged", "7.4", Verdict::pass);
    before.add("h/gone", "7.4", Verdict::pass);
    after.add("a/pass-to-fail", "5.2", Verdict::fail, {"closed with 1011"});
    after.add("b/non-strict-to-fail", "5.2", Verdict::fail);
    after.add("c/informational-to-fail", "5.2", Verdict::fail);
    after.add("d/pass-to-error", "7.4", Verdict::error, {"refused"});
    after.add("e/fail-to-pass", "7.4", Verdict::pass);
    after.add("f/pass-to-non-strict", "7.4", Verdict::non_strict);
    after.add("g/unchanged", "7.4", Verdict::pass);
    after.add("i/new", "7.4", Verdict::fail);
  }
};

TEST(ReportDiff, ConformantToFailIsARegressionAndFailToConformantAFix) {
  Planted planted;
  const Json diff = diff_reports(report_of(planted.before), report_of(planted.after));
  EXPECT_EQ(ids_in(diff.at("regressions")),
            (std::vector<std::string>{"a/pass-to-fail", "b/non-strict-to-fail",
                                      "c/informational-to-fail"}));
  EXPECT_EQ(diff.at("regressions").at(0).at("before"), "pass");
  EXPECT_EQ(diff.at("regressions").at(0).at("after"), "fail");
  EXPECT_EQ(diff.at("regressions").at(0).at("reason"), "closed with 1011");
  EXPECT_EQ(ids_in(diff.at("new_errors")), (std::vector<std::string>{"d/pass-to-error"}));
  EXPECT_EQ(ids_in(diff.at("fixes")), (std::vector<std::string>{"e/fail-to-pass"}));
  EXPECT_EQ(ids_in(diff.at("other_changes")), (std::vector<std::string>{"f/pass-to-non-strict"}));
  EXPECT_EQ(ids_in(diff.at("only_in_old")), (std::vector<std::string>{"h/gone"}));
  // A new case that fails is not a regression: there was nothing to regress from.
  EXPECT_EQ(ids_in(diff.at("only_in_new")), (std::vector<std::string>{"i/new"}));
  EXPECT_EQ(diff.at("compared"), 7);
  EXPECT_EQ(diff.at("by_target"), false);
  EXPECT_EQ(regression_count(diff), 3u);
}

TEST(ReportDiff, SameVerdictsNoRegression) {
  Planted planted;
  const Json diff = diff_reports(report_of(planted.after), report_of(planted.after));
  EXPECT_EQ(regression_count(diff), 0u);
  EXPECT_TRUE(diff.at("fixes").empty());
  EXPECT_TRUE(diff.at("other_changes").empty());
  EXPECT_EQ(diff.at("compared"), 8);
}

TEST(ReportDiff, SingleTargetReportsCompareByIdWhateverTheirUrls) {
  Planted planted;
  const Json diff = diff_reports(report_of(planted.before, info_for("ws://127.0.0.1:9001/")),
                                 report_of(planted.after, info_for("ws://127.0.0.1:40123/")));
  EXPECT_EQ(regression_count(diff), 3u);
}

TEST(ReportDiff, MultiTargetReportsCompareByTargetAndId) {
  const Json now = testing::two_target_report();
  // The baseline: the first target alone, where b passes too.
  SampleRun first;
  first.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  first.add("rfc6455/7.4/b", "7.4", Verdict::pass);
  const Json diff = diff_reports(report_of(first, info_for("ws://second<x>:2/")), now);
  EXPECT_EQ(diff.at("by_target"), true);
  ASSERT_EQ(regression_count(diff), 1u);
  EXPECT_EQ(diff.at("regressions").at(0).at("target"), "ws://second<x>:2/");
  EXPECT_EQ(diff.at("regressions").at(0).at("id"), "rfc6455/7.4/b");
  EXPECT_EQ(diff.at("only_in_new").size(), 2u);  // the first target's two cases
  // Against itself: nothing.
  EXPECT_EQ(regression_count(diff_reports(now, now)), 0u);
}

TEST(ReportDiff, IncompatibleVersionsAreRefusedSayingWhy) {
  SampleRun run;
  run.add("a", "5.2", Verdict::pass);
  const Json current = report_of(run);
  Json newer = current;
  newer["schema"] = "wsconform-report/3";
  Json foreign = {{"schema", "something-else"}, {"cases", Json::array()}};
  Json version1 = current;
  version1["schema"] = "wsconform-report/1";

  EXPECT_EQ(diff_incompatibility(current, current, "OLD", "NEW"), std::nullopt);
  EXPECT_EQ(diff_incompatibility(version1, current, "OLD", "NEW"), std::nullopt);
  const auto newer_reason = diff_incompatibility(current, newer, "old.json", "new.json");
  ASSERT_TRUE(newer_reason);
  EXPECT_NE(newer_reason->find("new.json"), std::string::npos) << *newer_reason;
  EXPECT_NE(newer_reason->find("wsconform-report/3, newer than this wsconform reads"),
            std::string::npos)
      << *newer_reason;
  const auto foreign_reason = diff_incompatibility(foreign, current, "old.json", "new.json");
  ASSERT_TRUE(foreign_reason);
  EXPECT_NE(foreign_reason->find("old.json"), std::string::npos) << *foreign_reason;
  EXPECT_NE(foreign_reason->find("not a wsconform report"), std::string::npos) << *foreign_reason;
  const auto missing = diff_incompatibility(Json::object(), current, "old.json", "new.json");
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("no \"schema\""), std::string::npos) << *missing;
}

TEST(SchemaVersion, ReadsTheNumberAndKnowsWhichItReads) {
  EXPECT_EQ(schema_version(Json{{"schema", "wsconform-report/2"}}), 2);
  EXPECT_EQ(schema_version(Json{{"schema", "wsconform-report/17"}}), 17);
  EXPECT_EQ(schema_version(Json{{"schema", "wsconform-report/"}}), std::nullopt);
  EXPECT_EQ(schema_version(Json{{"schema", "wsconform-report/2x"}}), std::nullopt);
  EXPECT_EQ(schema_version(Json{{"schema", "wsconform-report/0"}}), std::nullopt);
  EXPECT_EQ(schema_version(Json{{"schema", 2}}), std::nullopt);
  EXPECT_EQ(schema_version(Json::array()), std::nullopt);
  EXPECT_EQ(unreadable_schema_reason(Json{{"schema", "wsconform-report/1"}}), std::nullopt);
  EXPECT_EQ(unreadable_schema_reason(Json{{"schema", std::string(kReportSchemaId)}}), std::nullopt);
  EXPECT_TRUE(unreadable_schema_reason(Json{{"schema", "wsconform-report/3"}}));
  // A long or hostile "schema" is cut and stays one line.
  const auto reason = unreadable_schema_reason(Json{{"schema", std::string(500, 'x') + "\n"}});
  ASSERT_TRUE(reason);
  EXPECT_LT(reason->size(), 200u);
  EXPECT_EQ(reason->find('\n'), std::string::npos);
}

TEST(ReportDiff, BaselineSectionNamesTheFileAndHoldsTheDiff) {
  Planted planted;
  const Json old_report = report_of(planted.before);
  const Json baseline = baseline_json("ci/base\xff.json", old_report, report_of(planted.after));
  EXPECT_EQ(baseline.at("file"), "ci/base\xEF\xBF\xBD.json");
  EXPECT_EQ(baseline.at("schema"), "wsconform-report/2");
  EXPECT_EQ(regression_count(baseline.at("diff")), 3u);
}

}  // namespace
}  // namespace wsconform::report
