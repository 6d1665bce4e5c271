#include "report/html/report.hpp"

#include <gtest/gtest.h>

#include "html_check.hpp"
#include "report/diff.hpp"
#include "report/html/assets.hpp"
#include "report/html/svg_chart.hpp"
#include "report/json/fields.hpp"
#include "report/json/report.hpp"
#include "sample_report.hpp"
#include "sample_sections.hpp"

namespace wsconform::report {
namespace {

using scenario::Verdict;
using testing::hostile_report;
using testing::occurrences;
using testing::report_of;
using testing::SampleRun;

// The text between the first `open` and the next `close` after it.
std::string between(const std::string& text, std::string_view open, std::string_view close) {
  const auto start = text.find(open);
  if (start == std::string::npos) return {};
  const auto end = text.find(close, start + open.size());
  if (end == std::string::npos) return {};
  return text.substr(start + open.size(), end - start - open.size());
}

TEST(HtmlReport, IsOneSelfContainedPageWithAStrictContentSecurityPolicy) {
  const std::string html = render_html(hostile_report());
  ASSERT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(html.ends_with("</html>\n"));
  // Exactly one script and one stylesheet, both inline, and the policy allows exactly those.
  EXPECT_EQ(occurrences(html, "<script"), 1u);
  EXPECT_EQ(occurrences(html, "<style"), 1u);
  const std::string script = between(html, "<script>", "</script>");
  const std::string style = between(html, "<style>", "</style>");
  EXPECT_EQ(script, html_script());
  EXPECT_EQ(style, html_stylesheet());
  const std::string policy =
      between(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\">");
  EXPECT_NE(policy.find("default-src &#39;none&#39;"), std::string::npos) << policy;
  EXPECT_NE(policy.find("script-src &#39;sha256-"), std::string::npos) << policy;
  EXPECT_EQ(html_content_security_policy().find("unsafe"), std::string::npos);
  EXPECT_NE(html_content_security_policy().find(csp_hash_source(script)), std::string::npos);
  EXPECT_NE(html_content_security_policy().find(csp_hash_source(style)), std::string::npos);
  // The policy comes before anything it governs.
  EXPECT_LT(html.find("Content-Security-Policy"), html.find("<style"));
  // Nothing is loaded from anywhere: no src, no external link, no CSS import or url().
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  // No style attribute (the policy would block it) and no inline event handler.
  EXPECT_EQ(html.find(" style="), std::string::npos);
  EXPECT_FALSE(testing::has_event_handler_attribute(html));
  // (The check itself sees one.)
  EXPECT_TRUE(testing::has_event_handler_attribute("<p>x</p><img src=x onerror=alert(1)>"));
  EXPECT_FALSE(testing::has_event_handler_attribute("<p>&lt;img onerror=alert(1)&gt;</p>"));
}

TEST(HtmlReport, HostileServerTextIsEscapedEverywhere) {
  const std::string html = render_html(hostile_report());
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("</testcase>"), std::string::npos);
  EXPECT_NE(html.find("&lt;/testcase&gt;&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; nul:\\x00 "
                      "ctl:\\x01 bad:"),
            std::string::npos);
  EXPECT_NE(html.find("Switching &lt;Protocols&gt;"), std::string::npos);
  EXPECT_NE(html.find("X-Evil: first line\nsecond | line"), std::string::npos);
  // No raw NUL or other C0 control besides tab, newline and CR (of the request CRLFs).
  for (const char c : html) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE(byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') << int{byte};
  }
}

TEST(HtmlReport, TopShowsTheVerdictAndCountsPerVerdictAndSection) {
  const std::string html = render_html(hostile_report());
  EXPECT_NE(html.find("<title>wsconform: 1 failed · ws://127.0.0.1:1/</title>"), std::string::npos);
  EXPECT_NE(html.find("✗ Not conformant: 1 case failed"), std::string::npos);
  EXPECT_NE(html.find("href=\"#verdict=fail\"><b>1</b><span>fail</span>"), std::string::npos);
  EXPECT_NE(html.find("href=\"#verdict=non-strict\"><b>1</b><span>non-strict</span>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td>§5.5.1</td><td class=\"n\">1</td>"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>§7.4</td><td class=\"n\">1</td>"), std::string::npos);
  SampleRun good;
  good.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  EXPECT_NE(render_html(report_of(good)).find("✓ Conformant"), std::string::npos);
}

// The banner and the title, for each outcome: all pass; a fail among errors; errors only;
// unimplemented cases beside passes.
TEST(HtmlReport, TopSaysWhatTheRunComesTo) {
  SampleRun good;
  good.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  const std::string conformant = render_html(report_of(good));
  EXPECT_NE(conformant.find("<header class=\"top\"><h1>"), std::string::npos);
  EXPECT_NE(conformant.find("<p class=\"verdict\">✓ Conformant</p>"), std::string::npos);

  SampleRun broken;
  broken.add("rfc6455/5.2/a", "5.2", Verdict::fail, {"closed with 1011"});
  broken.add("rfc6455/5.2/b", "5.2", Verdict::error, {"refused"});
  const std::string failed = render_html(report_of(broken));
  EXPECT_NE(failed.find("<header class=\"top bad\">"), std::string::npos);
  EXPECT_NE(failed.find("✗ Not conformant: 1 case failed"), std::string::npos);
  EXPECT_EQ(failed.find("nconclusive"), std::string::npos);

  SampleRun unanswered;
  unanswered.add("rfc6455/5.2/a", "5.2", Verdict::error, {"no handshake response"});
  unanswered.add("rfc6455/5.2/b", "5.2", Verdict::error, {"no handshake response"});
  unanswered.add("faults/1011/a", "faults", Verdict::unimplemented, {"needs a trigger"});
  const std::string inconclusive = render_html(report_of(unanswered));
  EXPECT_NE(inconclusive.find("<title>wsconform: inconclusive · ws://127.0.0.1:1/</title>"),
            std::string::npos);
  EXPECT_NE(inconclusive.find("<header class=\"top unjudged\">"), std::string::npos);
  EXPECT_NE(inconclusive.find("<p class=\"verdict\">⚠ Inconclusive: 2 cases could not be "
                              "judged</p>"),
            std::string::npos);
  EXPECT_EQ(inconclusive.find("✓ Conformant"), std::string::npos);
  EXPECT_NE(html_stylesheet().find("header.top.unjudged{"), std::string::npos);

  SampleRun unimplemented;
  unimplemented.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  unimplemented.add("faults/1011/a", "faults", Verdict::unimplemented, {"needs a trigger"});
  EXPECT_NE(render_html(report_of(unimplemented)).find("✓ Conformant"), std::string::npos);
}

TEST(HtmlReport, EveryCaseCarriesWhatTheFiltersReadAndTheFiltersNeedTheScript) {
  const std::string html = render_html(hostile_report());
  EXPECT_EQ(occurrences(html, "<details class=\"case\""), 3u);
  EXPECT_NE(html.find("id=\"c0-0\" data-verdict=\"fail\" data-section=\"5.5.1\""),
            std::string::npos);
  EXPECT_NE(html.find("id=\"c0-1\" data-verdict=\"pass\" data-section=\"5.2\""), std::string::npos);
  EXPECT_NE(html.find("id=\"c0-2\" data-verdict=\"non-strict\" data-section=\"7.4\""),
            std::string::npos);
  // Without the script the filter bar stays hidden and every case is listed.
  EXPECT_NE(html.find("<form id=\"filters\" hidden>"), std::string::npos);
  for (const auto name : kVerdictOrder) {
    EXPECT_NE(html.find("name=\"verdict\" value=\"" + std::string(name) + "\" checked"),
              std::string::npos);
  }
  EXPECT_NE(html.find("id=\"f-section\""), std::string::npos);
  EXPECT_NE(html.find("id=\"f-text\""), std::string::npos);
}

TEST(HtmlReport, CaseShowsRequirementExpectedObservedTranscriptAndWhoClosed) {
  const std::string html = render_html(hostile_report());
  const std::string hostile = between(html, "id=\"c0-0\"", "</details>");
  EXPECT_NE(hostile.find("<p class=\"meta\">§5.5.1 · <strong>MUST</strong> · "
                         "<code>scenarios/sample.yaml:7</code>"),
            std::string::npos)
      << hostile;
  EXPECT_NE(hostile.find("“The endpoint MUST do the thing.”"), std::string::npos);
  EXPECT_NE(hostile.find("<h4>Expected</h4>"), std::string::npos);
  EXPECT_NE(hostile.find("<h4>Observed</h4>"), std::string::npos);
  EXPECT_NE(hostile.find("server close <strong>1000</strong> (Normal Closure)"), std::string::npos);
  EXPECT_NE(hostile.find("graded <em>non-strict</em>"), std::string::npos);
  EXPECT_NE(hostile.find("The <strong>server</strong> started the close handshake at 0.300 ms; "
                         "the harness sent no close. The <strong>server</strong> closed TCP (FIN) "
                         "at 0.400 ms."),
            std::string::npos)
      << hostile;
  EXPECT_NE(hostile.find("Wire transcript (1 events)"), std::string::npos);
  EXPECT_NE(hostile.find("<td class=\"t\">0.300 ms</td><td>←</td><td>frame-received</td>"),
            std::string::npos);
  EXPECT_NE(hostile.find("<code class=\"hex\">88 02 03 e8</code>"), std::string::npos);
  EXPECT_NE(hostile.find("the server broke §5.5.1 invalid-utf8-close-reason"), std::string::npos);
}

TEST(HtmlReport, CodesInvolvedAreExplainedWithTheirComparisons) {
  const std::string html = render_html(hostile_report());
  const std::string hostile = between(html, "id=\"c0-0\"", "</details>");
  // Expected 1002 or 1007, observed 1000; the violation calls for 1007.
  for (const char* code : {"close 1000 <span>Normal Closure", "close 1002 <span>Protocol Error",
                           "close 1007 <span>Invalid Frame Payload Data"}) {
    EXPECT_NE(hostile.find(code), std::string::npos) << code;
  }
  EXPECT_NE(hostile.find("<dt>When you see it</dt>"), std::string::npos);
  EXPECT_NE(hostile.find("<dt>How to fix</dt>"), std::string::npos);
  EXPECT_NE(hostile.find("<strong>close 1002 vs close 1011</strong>"), std::string::npos);
  // The passing case with nothing expected explains nothing.
  const std::string plain = between(html, "id=\"c0-1\"", "</details>");
  EXPECT_EQ(plain.find("What the codes mean"), std::string::npos);
}

TEST(HtmlReport, BurstCaseGetsLatencyAndTimelineChartsAndItsCodesExplained) {
  Json report = hostile_report();
  report["cases"][1]["observed"]["burst"] = testing::sample_burst_json();
  const std::string html = render_html(report);
  const std::string burst = between(html, "id=\"c0-1\"", "</details>");
  EXPECT_EQ(occurrences(burst, "<svg class=\"chart\""), 3u);
  EXPECT_NE(burst.find("aria-label=\"Handshake latency\""), std::string::npos);
  EXPECT_NE(burst.find("aria-label=\"Close codes, refusals and drops over time\""),
            std::string::npos);
  EXPECT_NE(burst.find(">close 1013</text>"), std::string::npos);
  EXPECT_NE(burst.find(">HTTP 503</text>"), std::string::npos);
  EXPECT_NE(burst.find(">21.7 ms</text>"), std::string::npos);  // p99
  EXPECT_NE(burst.find("after 212.4 ms"), std::string::npos);
  EXPECT_NE(burst.find("<th>  refused</th><td>1257</td>"), std::string::npos) << burst;
  EXPECT_NE(burst.find("close 1013 <span>Try Again Later"), std::string::npos);
  EXPECT_NE(burst.find("HTTP 503 <span>"), std::string::npos);
  EXPECT_NE(burst.find("<strong>close 1013 vs HTTP 503</strong>"), std::string::npos) << burst;
  // A burst that did not recover says so.
  report["cases"][1]["observed"]["burst"]["metrics"]["recover_ms"] = nullptr;
  EXPECT_NE(render_html(report).find("<th>recovered</th><td><span class=\"bad\">no</span>"),
            std::string::npos);
}

TEST(HtmlReport, FuzzCampaignGetsItsChartsAndFindings) {
  Json report = hostile_report();
  report["fuzz"] = testing::sample_fuzz_json();
  const std::string html = render_html(report);
  const std::string fuzz = between(html, "<section id=\"fuzz\"", "</section>");
  EXPECT_EQ(occurrences(fuzz, "<svg class=\"chart\""), 3u);
  for (const char* title : {"Inputs per second", "Corpus size", "Findings"}) {
    EXPECT_NE(fuzz.find("aria-label=\"" + std::string(title) + "\""), std::string::npos) << title;
  }
  EXPECT_NE(fuzz.find("<code>close-1011-after-rsv2</code>"), std::string::npos);
  EXPECT_EQ(occurrences(fuzz, "<polyline"), 3u);
  EXPECT_EQ(render_html(hostile_report()).find("id=\"fuzz\""), std::string::npos);
}

TEST(HtmlReport, SeveralTargetsGiveACasesByTargetsMatrix) {
  const std::string html = render_html(testing::two_target_report());
  const std::string matrix = between(html, "<section class=\"panel\" id=\"matrix\">", "</section>");
  EXPECT_NE(matrix.find("<th>ws://first:1/</th><th>ws://second&lt;x&gt;:2/</th>"),
            std::string::npos)
      << matrix;
  EXPECT_NE(matrix.find("<tr class=\"mrow\" data-verdicts=\"pass fail\" data-section=\"7.4\">"
                        "<td><code>rfc6455/7.4/b</code></td>"),
            std::string::npos)
      << matrix;
  EXPECT_NE(matrix.find("<a href=\"#c1-1\"><span class=\"badge v-fail\">fail</span></a>"),
            std::string::npos);
  EXPECT_NE(html.find("id=\"c1-1\" data-verdict=\"fail\""), std::string::npos);
  EXPECT_EQ(occurrences(html, "<details class=\"case\""), 4u);
  EXPECT_NE(html.find("<span class=\"target\">ws://second&lt;x&gt;:2/</span>"), std::string::npos);
  EXPECT_EQ(render_html(hostile_report()).find("id=\"matrix\""), std::string::npos);
}

TEST(HtmlReport, BaselineRegressionsAreShown) {
  SampleRun before;
  before.add("rfc6455/5.2/a", "5.2", Verdict::pass);
  SampleRun after;
  after.add("rfc6455/5.2/a", "5.2", Verdict::fail, {"now <b>fails</b>"});
  Json report = report_of(after);
  Json baseline = baseline_json("old.json", report_of(before), report);
  report["baseline"] = std::move(baseline);
  const std::string html = render_html(report);
  const std::string section = between(html, "id=\"baseline\"", "</section>");
  EXPECT_NE(section.find("1 regressions"), std::string::npos) << section;
  EXPECT_NE(section.find("<h4>Regressions: conformant before, fail now</h4>"), std::string::npos);
  EXPECT_NE(section.find("now &lt;b&gt;fails&lt;/b&gt;"), std::string::npos);
}

TEST(HtmlReport, ToleratesAHandEditedReport) {
  const Json report = Json::parse(R"({"schema": "wsconform-report/2", "cases": [
      {"id": 5, "verdict": "weird", "observed": {"server_close": {"code": "x"}, "burst": 3},
       "events": [{"kind": 1}]}, "not an object"], "fuzz": {"timeline": [{"t_s": "a"}]}})");
  std::string html;
  ASSERT_NO_THROW(html = render_html(report));
  EXPECT_NE(html.find("data-verdict=\"weird\""), std::string::npos);
}

TEST(SvgChart, ChartsEscapeLabelsAndSurviveEmptyData) {
  const std::string chart = svg_line_chart({"<t>", "x\"", "y'"}, {{"<s>", "#000", {}}});
  EXPECT_NE(chart.find("&lt;t&gt;"), std::string::npos);
  EXPECT_NE(chart.find("no data"), std::string::npos);
  EXPECT_EQ(chart.find("<t>"), std::string::npos);
  EXPECT_EQ(chart.find("<s>"), std::string::npos);
  const std::string bars = svg_stacked_bars({"b", "x", "y"}, 100, {});
  EXPECT_NE(bars.find("no data"), std::string::npos);
}

}  // namespace
}  // namespace wsconform::report
