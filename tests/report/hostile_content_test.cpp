// Safety, tested end to end: real cases run through the runner against a server whose close
// reasons, headers, reason phrases and payloads are hostile (hostile_server.hpp); the reports are
// written by the real writers; then report.json must parse, junit.xml must be well-formed, and
// report.html, opened in headless Chromium, must run none of the injected script. Control pages
// prove the Chromium checks can fail. A screenshot of the report is saved as a build artifact
// (build/<preset>/artifacts/report.png); docs/report-screenshot.png is one made by this test.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "headless_chromium.hpp"
#include "hostile_server.hpp"
#include "html_check.hpp"
#include "report/json/report.hpp"
#include "report/writer.hpp"
#include "sample_report.hpp"
#include "scenario/loader/loader.hpp"
#include "scenario/runner/runner.hpp"
#include "support/temp_files.hpp"
#include "xml_check.hpp"

#ifndef WSCONFORM_SCENARIO_DIR
#error "WSCONFORM_SCENARIO_DIR must name the scenarios directory"
#endif
#ifndef WSCONFORM_ARTIFACT_DIR
#error "WSCONFORM_ARTIFACT_DIR must name the build's artifact directory"
#endif

namespace wsconform::report {
namespace {

using testing::occurrences;
using wsconform::testing::read_file;

namespace fs = std::filesystem;

// What a dumped DOM says about script execution and injected markup.
struct DomFindings {
  std::string title;               // document.title after the scripts ran
  bool report_script_ran = false;  // the page's own script marked <html data-js="ready">
  std::size_t script_elements = 0;
  bool injected_element = false;  // an element with an inline event handler, or an iframe
};

DomFindings inspect_dom(const std::string& dom) {
  DomFindings findings;
  const auto title_start = dom.find("<title>");
  const auto title_end = dom.find("</title>", title_start);
  if (title_start != std::string::npos && title_end != std::string::npos) {
    findings.title = dom.substr(title_start + 7, title_end - title_start - 7);
  }
  const auto html_start = dom.find("<html");
  const auto html_end = dom.find('>', html_start);
  findings.report_script_ran =
      html_start != std::string::npos &&
      dom.substr(html_start, html_end - html_start).find("data-js=\"ready\"") != std::string::npos;
  findings.script_elements = occurrences(dom, "<script");
  // The serialised DOM escapes '<' in text, so these only match real elements.
  findings.injected_element = testing::has_event_handler_attribute(dom) ||
                              dom.find("<iframe") != std::string::npos ||
                              dom.find("<img") != std::string::npos;
  return findings;
}

class HostileContent : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = new fs::path(fs::path(::testing::TempDir()) /
                              ("hostile-content-" + std::to_string(::getpid())));
    fs::remove_all(*directory_);
    testing::HostileServer server;
    cases_ = new std::vector<scenario::Case>(scenario::select_cases(
        scenario::load_scenarios(WSCONFORM_SCENARIO_DIR),
        {"rfc6455/4.2.2/*", "rfc6455/5.5.1/*", "rfc6455/7.4*", "close-codes/*"}, {}));
    std::string problem;
    const auto target = scenario::parse_target_url(server.url(), &problem);
    ASSERT_TRUE(target) << problem;
    scenario::RunOptions options;
    options.jobs = 4;
    options.case_timeout = std::chrono::milliseconds(5000);
    options.step_timeout = std::chrono::milliseconds(1000);
    const auto started = std::chrono::steady_clock::now();
    const std::vector<scenario::CaseResult> results =
        scenario::run_cases(*cases_, *target, options, scenario::JudgeOptions{});
    RunInfo run;
    run.tool_version = "hostile-content-test";
    run.target = server.url();
    run.started_at = std::chrono::system_clock::now();
    run.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    run.jobs = options.jobs;
    report_ = new Json(build_json_report(run, results));
    write_reports(*directory_, *report_);
  }
  static void TearDownTestSuite() {
    // The reports stay on disk only when a test of the suite failed.
    if (!::testing::UnitTest::GetInstance()->current_test_suite()->Failed()) {
      std::error_code ignored;
      fs::remove_all(*directory_, ignored);
    }
    delete report_;
    delete cases_;
    delete directory_;
  }

  static const fs::path& directory() { return *directory_; }
  static const Json& report() { return *report_; }

  // The index of the first case whose observed close reason contains `text`, or -1.
  static int case_with_close_reason(std::string_view text) {
    const Json& cases = report().at("cases");
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const Json& close = cases[i].at("observed").at("server_close");
      if (close.is_object() &&
          close.at("reason").at("text").get<std::string>().find(text) != std::string::npos) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }

 private:
  static inline fs::path* directory_ = nullptr;
  static inline std::vector<scenario::Case>* cases_ = nullptr;
  static inline Json* report_ = nullptr;
};

// Without this the rest would prove nothing: the hostile bytes did reach the report.
TEST_F(HostileContent, HostileBytesReachedTheReport) {
  ASSERT_GT(report().at("cases").size(), 30u);
  EXPECT_GE(case_with_close_reason("<script>document.title='INJECTED-3'</script>]]>"), 0);
  EXPECT_GE(case_with_close_reason("<svg onload=document.title='INJECTED-4'>"), 0);
  const std::string json = read_file(directory() / "report.json");
  for (const char* text :
       {"\\\"><img src=x onerror=", "</script><script>document.title=", "INJECTED-5", "INJECTED-6",
        "INJECTED-7", "INJECTED-8", "Bad <b onmouseover", "\\u0000", "\\u001b", "\u2028"}) {
    EXPECT_NE(json.find(text), std::string::npos) << text;
  }
}

TEST_F(HostileContent, JsonParsesAndIsValidUtf8) {
  const std::string json = read_file(directory() / "report.json");
  Json parsed;
  ASSERT_NO_THROW(parsed = Json::parse(json));  // nlohmann rejects invalid UTF-8 and raw controls
  EXPECT_NO_THROW(check_report_shape(parsed));
  EXPECT_EQ(parsed.at("cases").size(), report().at("cases").size());
  for (const char c : json) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE(byte < 0x20 && byte != '\n') << "raw control byte " << int{byte};
  }
}

TEST_F(HostileContent, JunitIsWellFormedXml) {
  const fs::path file = directory() / "junit.xml";
  EXPECT_TRUE(testing::xml_file_is_well_formed(file));
  const std::string xml = read_file(file);
  EXPECT_FALSE(testing::has_forbidden_control_byte(xml));
  EXPECT_EQ(xml.find("<script"), std::string::npos);
  EXPECT_EQ(xml.find("<![CDATA["), std::string::npos);
  EXPECT_NE(xml.find("&lt;script&gt;document.title="), std::string::npos);
}

TEST_F(HostileContent, SummaryCarriesNoMarkup) {
  const std::string md = read_file(directory() / "summary.md");
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_EQ(md.find("<img"), std::string::npos);
  EXPECT_EQ(md.find('\0'), std::string::npos);
}

// The page as written, the page without its Content-Security-Policy (escaping alone must hold),
// and two control pages that must be caught: one with a raw script and no policy (the title
// check), one with a raw element carrying a handler (the markup check; the policy blocks it).
TEST_F(HostileContent, HtmlRunsNoInjectedScriptInHeadlessChromium) {
  const auto chromium = testing::chromium_path();
  if (!chromium) {
    GTEST_SKIP() << "chromium is not installed (scripts/setup installs Debian's chromium); "
                    "set WSCONFORM_CHROMIUM to use another";
  }
  const fs::path page = directory() / "report.html";
  const std::string html = read_file(page);
  const std::string policy_start = "<meta http-equiv=\"Content-Security-Policy\"";
  const auto policy_at = html.find(policy_start);
  ASSERT_NE(policy_at, std::string::npos);
  const std::string without_policy =
      html.substr(0, policy_at) + html.substr(html.find('>', policy_at) + 1);
  const auto inject = [&](const std::string& base, const std::string& raw) {
    const auto body = base.find("<body>");
    return base.substr(0, body + 6) + raw + base.substr(body + 6);
  };
  const fs::path work = directory() / "chromium";
  const auto open = [&](const std::string& name, const std::string& content) {
    const fs::path file = directory() / name;
    if (!content.empty()) std::ofstream(file, std::ios::binary) << content;
    const testing::ChromiumResult result = testing::dump_dom(*chromium, file, work / name);
    EXPECT_TRUE(result.finished) << name << ": " << result.err;
    return inspect_dom(result.out);
  };

  const DomFindings real = open("report.html", "");
  EXPECT_TRUE(real.report_script_ran) << "the report's own script did not run (CSP hash?)";
  EXPECT_TRUE(real.title.starts_with("wsconform: ")) << real.title;
  EXPECT_EQ(real.title.find("INJECTED"), std::string::npos) << real.title;
  EXPECT_EQ(real.script_elements, 1u);
  EXPECT_FALSE(real.injected_element);

  const DomFindings bare = open("no-policy.html", without_policy);
  EXPECT_TRUE(bare.report_script_ran);
  EXPECT_EQ(bare.title.find("INJECTED"), std::string::npos) << bare.title;
  EXPECT_EQ(bare.script_elements, 1u);
  EXPECT_FALSE(bare.injected_element);

  const DomFindings control_script =
      open("control-script.html",
           inject(without_policy, "<script>document.title='INJECTED-control'</script>"));
  EXPECT_NE(control_script.title.find("INJECTED-control"), std::string::npos)
      << "the title check cannot see a script that ran: " << control_script.title;

  const DomFindings control_element =
      open("control-element.html",
           inject(html, "<img src=x onerror=\"document.title='INJECTED-img'\">"));
  EXPECT_TRUE(control_element.injected_element) << "the markup check cannot see an injection";
  EXPECT_EQ(control_element.title.find("INJECTED"), std::string::npos)
      << "the Content-Security-Policy let an inline handler run";
}

TEST_F(HostileContent, FiltersWorkInChromium) {
  const auto chromium = testing::chromium_path();
  if (!chromium) GTEST_SKIP() << "chromium is not installed";
  const testing::ChromiumResult result = testing::dump_dom(
      *chromium, directory() / "report.html", directory() / "chromium-filter", "verdict=error");
  ASSERT_TRUE(result.finished) << result.err;
  const std::string& dom = result.out;
  // Every case that is not an error is hidden; the errors are not.
  std::size_t listed = 0;
  std::size_t errors = 0;
  for (const std::string& element : testing::start_tags(dom, "<details class=\"case\"")) {
    const bool error = element.find("data-verdict=\"error\"") != std::string::npos;
    const bool hidden = element.find(" hidden") != std::string::npos;
    EXPECT_EQ(hidden, !error) << element;
    ++listed;
    errors += error;
  }
  EXPECT_EQ(listed, report().at("cases").size());
  EXPECT_GT(errors, 0u) << "the filter must leave something shown for this test to mean much";
  EXPECT_LT(errors, listed);
  EXPECT_NE(dom.find(std::to_string(errors) + " of " + std::to_string(listed) + " cases shown"),
            std::string::npos);

  // Section and text: the one hostile close reason of section 4.2.2 (text is matched in the
  // whole case, transcript included, case-insensitively).
  const int with_reason = case_with_close_reason("INJECTED-3");
  ASSERT_GE(with_reason, 0);
  const std::string section = report().at("cases").at(with_reason).at("section");
  std::size_t expected = 0;
  for (const auto& test_case : report().at("cases")) {
    const Json& close = test_case.at("observed").at("server_close");
    expected +=
        test_case.at("section") == section && close.is_object() &&
        close.at("reason").at("text").get<std::string>().find("INJECTED-3") != std::string::npos;
  }
  const testing::ChromiumResult narrowed =
      testing::dump_dom(*chromium, directory() / "report.html", directory() / "chromium-filter2",
                        "section=" + section + "&q=injected-3%27%3C%2Fscript");
  ASSERT_TRUE(narrowed.finished) << narrowed.err;
  std::size_t shown = 0;
  for (const std::string& element : testing::start_tags(narrowed.out, "<details class=\"case\"")) {
    shown += element.find(" hidden") == std::string::npos;
  }
  EXPECT_GT(expected, 0u);
  EXPECT_EQ(shown, expected);
}

TEST_F(HostileContent, ScreenshotIsSavedAsABuildArtifact) {
  const auto chromium = testing::chromium_path();
  if (!chromium) GTEST_SKIP() << "chromium is not installed";
  const int shown = case_with_close_reason("INJECTED-3");
  ASSERT_GE(shown, 0);
  const fs::path artifacts = WSCONFORM_ARTIFACT_DIR;
  fs::create_directories(artifacts);
  const fs::path png = artifacts / "report.png";
  fs::remove(png);
  const testing::ChromiumResult result = testing::screenshot(
      *chromium, directory() / "report.html", png, 1280, 1500, directory() / "chromium-shot",
      "verdict=fail,non-strict,error&open=c0-" + std::to_string(shown));
  ASSERT_TRUE(result.finished) << result.err;
  const std::string image = read_file(png);
  ASSERT_GT(image.size(), 20000u);
  EXPECT_EQ(image.substr(0, 8), "\x89PNG\r\n\x1a\n");
}

}  // namespace
}  // namespace wsconform::report
