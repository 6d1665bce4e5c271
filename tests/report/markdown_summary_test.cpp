#include "report/text/markdown_summary.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sstream>
#include <vector>

#include "report/diff.hpp"
#include "report/json/report.hpp"
#include "sample_report.hpp"
#include "sample_sections.hpp"

namespace wsconform::report {
namespace {

using scenario::Verdict;
using testing::report_of;
using testing::SampleRun;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Table cell separators: '|' not escaped by a backslash.
std::size_t unescaped_pipes(std::string_view line) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;  // skip the escaped character
    } else if (line[i] == '|') {
      ++count;
    }
  }
  return count;
}

std::string line_containing(const std::string& text, std::string_view needle) {
  for (const auto& line : lines_of(text)) {
    if (line.find(needle) != std::string::npos) return line;
  }
  return {};
}

TEST(MarkdownSummary, ConformantRunSaysSoAndListsNoCases) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  run.add("rfc6455/5.2/b", "5.2", Verdict::informational, {"noted"});
  const std::string md = render_markdown_summary(report_of(run));
  EXPECT_EQ(md.rfind("## wsconform: ✅ conformant", 0), 0u) << md;
  EXPECT_EQ(md.find("### "), std::string::npos) << md;
  EXPECT_NE(md.find("| pass | 1 |"), std::string::npos);
  EXPECT_NE(md.find("| informational | 1 |"), std::string::npos);
}

TEST(MarkdownSummary, CountsByVerdictAndSection) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  run.add("rfc6455/5.2/b", "5.2", Verdict::fail, {"no close frame"});
  run.add("rfc6455/7.4/a", "7.4", Verdict::error, {"refused"});
  const std::string md = render_markdown_summary(report_of(run));
  EXPECT_EQ(md.rfind("## wsconform: ❌ not conformant (1 case failed)", 0), 0u) << md;
  EXPECT_NE(md.find("| fail | 1 |"), std::string::npos);
  EXPECT_NE(md.find("| error | 1 |"), std::string::npos);
  EXPECT_NE(md.find("| 5.2 | 2 | 1 | 0 | 1 | 0 | 0 | 0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 7.4 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"), std::string::npos) << md;
}

TEST(MarkdownSummary, AFailWinsOverErrors) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::fail, {"closed with 1011"});
  run.add("rfc6455/5.2/b", "5.2", Verdict::error, {"refused"});
  run.add("rfc6455/5.2/c", "5.2", Verdict::error, {"refused"});
  const std::string md = render_markdown_summary(report_of(run));
  EXPECT_EQ(md.rfind("## wsconform: ❌ not conformant (1 case failed)\n", 0), 0u) << md;
  EXPECT_EQ(md.find("inconclusive"), std::string::npos) << md;
}

// Every case an error (a server answering the handshake with HTTP 200, or not at all): never
// "conformant".
TEST(MarkdownSummary, ErrorsWithoutAFailAreInconclusive) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::error, {"no handshake response"});
  run.add("rfc6455/5.2/b", "5.2", Verdict::error, {"no handshake response"});
  run.add("rfc6455/7.4/a", "7.4", Verdict::unimplemented, {"needs a trigger"});
  const std::string md = render_markdown_summary(report_of(run));
  EXPECT_EQ(md.rfind("## wsconform: ⚠️ inconclusive: 2 cases could not be judged\n", 0), 0u)
      << md;
  EXPECT_EQ(md.find("✅"), std::string::npos) << md;
  EXPECT_NE(md.find("### Errors: the harness could not run the case (2)"), std::string::npos);
}

TEST(MarkdownSummary, UnimplementedCasesLeaveItConformant) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  run.add("faults/1011/a", "faults", Verdict::unimplemented, {"needs handler_exception"});
  const std::string md = render_markdown_summary(report_of(run));
  EXPECT_EQ(md.rfind("## wsconform: ✅ conformant\n", 0), 0u) << md;
}

// A report written before "outcome" existed says "conformant": true over errors; read now, it is
// inconclusive.
TEST(MarkdownSummary, AnOlderReportWithErrorsReadsAsInconclusive) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::error, {"refused"});
  Json report = report_of(run);
  report.erase("outcome");
  report["conformant"] = true;
  EXPECT_EQ(render_markdown_summary(report).rfind(
                "## wsconform: ⚠️ inconclusive: 1 case could not be judged", 0),
            0u);
}

TEST(MarkdownSummary, ListsFailingNonStrictAndErrorCasesWithTheirHeadline) {
  SampleRun run;
  run.add("rfc6455/5.2/passing", "5.2", Verdict::pass, {"all good"});
  run.add("rfc6455/5.2/failing", "5.2", Verdict::fail, {"expected close 1002", "detail"});
  run.add("rfc6455/7.4/late", "7.4", Verdict::non_strict, {"closed late"});
  run.add("rfc6455/7.4/refused", "7.4", Verdict::error, {"connection refused"});
  const std::string md = render_markdown_summary(report_of(run));
  EXPECT_NE(line_containing(md, "failing").find("expected close 1002"), std::string::npos);
  EXPECT_NE(line_containing(md, "failing").find("§5.2 MUST"), std::string::npos);
  EXPECT_EQ(md.find("detail"), std::string::npos);  // only the headline
  EXPECT_NE(line_containing(md, "late").find("closed late"), std::string::npos);
  EXPECT_NE(line_containing(md, "refused").find("connection refused"), std::string::npos);
  EXPECT_EQ(md.find("passing"), std::string::npos);
  EXPECT_NE(md.find("### Failed"), std::string::npos);
  EXPECT_NE(md.find("### Non-strict"), std::string::npos);
  EXPECT_NE(md.find("### Errors"), std::string::npos);
}

TEST(MarkdownSummary, HostileReasonsStayInsideTheirTableCell) {
  SampleRun run;
  run.add_hostile("rfc6455/5.5.1/hostile");
  run.add("rfc6455/5.5.1/newline", "5.5.1", Verdict::fail, {testing::kHostileHeaderValue});
  const std::string md = render_markdown_summary(report_of(run));
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_EQ(md.find("</testcase"), std::string::npos);
  EXPECT_NE(md.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(md.find('\0'), std::string::npos);
  EXPECT_EQ(md.find('\x01'), std::string::npos);
  const std::string hostile_row = line_containing(md, "hostile");
  EXPECT_EQ(unescaped_pipes(hostile_row), 4u) << hostile_row;
  const std::string newline_row = line_containing(md, "newline");
  EXPECT_EQ(unescaped_pipes(newline_row), 4u) << newline_row;
  EXPECT_NE(newline_row.find("first line second \\| line"), std::string::npos) << newline_row;
  for (const auto& line : lines_of(md)) {  // every table row is complete on its own line
    if (!line.empty() && line.front() == '|') {
      EXPECT_EQ(line.back(), '|') << line;
    }
  }
}

TEST(MarkdownSummary, InterruptedRunIsFlagged) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  RunInfo interrupted_info = testing::sample_run_info();
  interrupted_info.interrupted = true;
  const std::string md = render_markdown_summary(report_of(run, interrupted_info));
  EXPECT_NE(md.find("interrupted"), std::string::npos);
  EXPECT_NE(md.find("**Interrupted**"), std::string::npos);
}

TEST(MarkdownSummary, LongListsAreCapped) {
  SampleRun run;
  const std::size_t failing = kMaxListedCases + 7;
  for (std::size_t i = 0; i < failing; ++i) {
    run.add("c/" + std::to_string(i), "5.2", Verdict::fail, {"broken"});
  }
  const std::string md = render_markdown_summary(report_of(run));
  std::size_t listed = 0;
  for (const auto& line : lines_of(md)) listed += line.rfind("| c/", 0) == 0 ? 1 : 0;
  EXPECT_EQ(listed, kMaxListedCases);
  EXPECT_NE(md.find("… and 7 more, see report.json"), std::string::npos);
  EXPECT_NE(md.find(fmt::format("### Failed: a MUST not met ({})", failing)), std::string::npos);
}

}  // namespace
}  // namespace wsconform::report

namespace wsconform::report {
namespace {

TEST(MarkdownSummary, SeveralTargetsGiveCountsPerTargetAndAMatrixOfWhatDidNotPass) {
  const std::string md = render_markdown_summary(testing::two_target_report());
  EXPECT_NE(md.find("not conformant (1 case failed)"), std::string::npos) << md;
  EXPECT_NE(md.find("2 targets · 4 cases"), std::string::npos) << md;
  EXPECT_NE(md.find("| ws://first:1/ | 2 | 2 | 0 | 0 | 0 | 0 | 0 | ✅ conformant |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| ws://second&lt;x&gt;:2/ | 2 | 1 | 0 | 1 | 0 | 0 | 0 | ❌ not conformant |"),
            std::string::npos)
      << md;
  // The matrix lists only the case that did not pass everywhere, one column per target.
  EXPECT_NE(md.find("| case | ws://first:1/ | ws://second&lt;x&gt;:2/ |"), std::string::npos) << md;
  EXPECT_NE(md.find("| rfc6455/7.4/b | pass | fail |"), std::string::npos) << md;
  EXPECT_EQ(md.find("| rfc6455/5.2/a | pass | pass |"), std::string::npos) << md;
  // The failed case names its target.
  EXPECT_NE(md.find("| rfc6455/7.4/b | ws://second&lt;x&gt;:2/ | §7.4 MUST |"), std::string::npos)
      << md;
  EXPECT_EQ(md.find("<script"), std::string::npos);
}

TEST(MarkdownSummary, SeveralTargetsShowEachTargetsOutcome) {
  SampleRun judged;
  judged.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  SampleRun unanswered;
  unanswered.add("rfc6455/5.2/a", "5.2", Verdict::error, {"no handshake response"});
  RunInfo info;
  const std::vector<TargetResults> targets{{"ws://a:1/", judged.results(), 1},
                                           {"ws://b:2/", unanswered.results(), 1}};
  const std::string md = render_markdown_summary(
      Json::parse(dump_json_report(build_multi_target_report(info, targets))));
  EXPECT_EQ(md.rfind("## wsconform: ⚠️ inconclusive: 1 case could not be judged\n", 0), 0u)
      << md;
  EXPECT_NE(md.find("| ws://a:1/ | 1 | 1 | 0 | 0 | 0 | 0 | 0 | ✅ conformant |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| ws://b:2/ | 1 | 0 | 0 | 0 | 0 | 0 | 1 | ⚠️ inconclusive |"),
            std::string::npos)
      << md;
}

TEST(MarkdownSummary, BaselineSectionListsRegressionsAndFixes) {
  SampleRun before;
  before.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  before.add("rfc6455/5.2/b", "5.2", Verdict::fail, {"old failure"});
  SampleRun after;
  after.add("rfc6455/5.2/a", "5.2", Verdict::fail, {"new failure <b>"});
  after.add("rfc6455/5.2/b", "5.2", Verdict::pass);
  const Json old_report = report_of(before);
  Json report = report_of(after);
  Json baseline = baseline_json("base|line.json", old_report, report);
  report["baseline"] = std::move(baseline);
  const std::string md = render_markdown_summary(report);
  EXPECT_NE(md.find("### Compared with the baseline base\\|line.json"), std::string::npos) << md;
  EXPECT_NE(md.find("❌ 1 regression · 0 newly erroring · 1 fixed"), std::string::npos) << md;
  EXPECT_NE(md.find("| rfc6455/5.2/a | pass | fail | new failure &lt;b&gt; |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("#### Fixed: fail before, conformant now"), std::string::npos) << md;
  EXPECT_NE(md.find("| rfc6455/5.2/b | fail | pass |"), std::string::npos) << md;
}

TEST(MarkdownSummary, NoBaselineNoSection) {
  SampleRun run;
  run.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  EXPECT_EQ(render_markdown_summary(report_of(run)).find("baseline"), std::string::npos);
}

}  // namespace
}  // namespace wsconform::report
