#include "report/text/junit_report.hpp"

#include <fmt/format.h>

#include "report/json/fields.hpp"
#include "report/json/run_outcome.hpp"
#include "report/json/targets.hpp"
#include "report/text/case_text.hpp"
#include "report/text/escape.hpp"

namespace wsconform::report {

namespace {

std::string seconds(double milliseconds) {
  return fmt::format("{:.3f}", milliseconds / 1000.0);
}

// What a case becomes in JUnit terms.
enum class JunitStatus { passed, passed_with_note, failure, error, skipped };

JunitStatus junit_status(std::string_view verdict, bool strict) {
  if (verdict == "pass") return JunitStatus::passed;
  if (verdict == "fail") return JunitStatus::failure;
  if (verdict == "non-strict") return strict ? JunitStatus::failure : JunitStatus::passed_with_note;
  if (verdict == "informational") return JunitStatus::passed_with_note;
  if (verdict == "unimplemented") return JunitStatus::skipped;
  return JunitStatus::error;  // "error", and anything this version does not know
}

std::int64_t failures_in(const VerdictTally& tally, bool strict) {
  return tally.count("fail") + (strict ? tally.count("non-strict") : 0);
}

std::int64_t errors_in(const VerdictTally& tally) {
  std::int64_t known = 0;
  for (const auto name : kVerdictOrder) known += tally.count(name);
  return tally.count("error") + (tally.total - known);  // unknown verdicts count as errors
}

std::string counts_attributes(const VerdictTally& tally, bool strict) {
  return fmt::format(R"(tests="{}" failures="{}" errors="{}" skipped="{}" time="{}")", tally.total,
                     failures_in(tally, strict), errors_in(tally), tally.count("unimplemented"),
                     seconds(tally.time_ms));
}

void append_testcase(std::string& out, const Json& test_case, bool strict) {
  const std::string verdict = string_field(test_case, "verdict");
  out += fmt::format(R"(    <testcase name="{}" classname="{}" time="{}")",
                     xml_escape_attribute(string_field(test_case, "id")),
                     xml_escape_attribute(string_field(test_case, "section")),
                     seconds(number_field(test_case, "duration_ms")));
  const JunitStatus status = junit_status(verdict, strict);
  if (status == JunitStatus::passed) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  const std::string message = xml_escape_attribute(headline_reason(test_case));
  const std::string details = xml_escape_text(verdict_details(test_case));
  const std::string type = xml_escape_attribute(verdict);
  switch (status) {
    case JunitStatus::failure:
      out += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", message, type,
                         details);
      break;
    case JunitStatus::error:
      out += fmt::format("      <error message=\"{}\" type=\"{}\">{}</error>\n", message, type,
                         details);
      break;
    case JunitStatus::skipped:
      out += fmt::format("      <skipped message=\"{}\"/>\n", message);
      break;
    case JunitStatus::passed_with_note:
      out += fmt::format("      <system-out>verdict: {}\n{}</system-out>\n", type, details);
      break;
    case JunitStatus::passed:
      break;
  }
  out += "    </testcase>\n";
}

// "conformant", "not conformant: 2 cases failed", "inconclusive: 3 cases could not be judged".
std::string outcome_headline(const ReportOutcome& outcome) {
  switch (outcome.outcome) {
    case RunOutcome::conformant:
      return "conformant";
    case RunOutcome::not_conformant:
      return fmt::format("not conformant: {} {} failed", outcome.tally.failed,
                         outcome.tally.failed == 1 ? "case" : "cases");
    case RunOutcome::inconclusive:
      break;
  }
  return inconclusive_headline(outcome.tally.unjudged);
}

// `outcome` is the report's (one target) or the target's run's (several).
void append_properties(std::string& out, const Json& report, const ReportOutcome& outcome,
                       std::string_view target, bool strict) {
  out += "    <properties>\n";
  out +=
      fmt::format("      <property name=\"target\" value=\"{}\"/>\n", xml_escape_attribute(target));
  out += fmt::format("      <property name=\"strict\" value=\"{}\"/>\n", strict);
  out += fmt::format("      <property name=\"interrupted\" value=\"{}\"/>\n",
                     bool_field(report, "interrupted"));
  out +=
      fmt::format("      <property name=\"outcome\" value=\"{}\"/>\n", to_string(outcome.outcome));
  out += fmt::format("      <property name=\"headline\" value=\"{}\"/>\n",
                     xml_escape_attribute(outcome_headline(outcome)));
  out += "    </properties>\n";
}

// One report for one target: a <testsuite> per section.
void append_section_suites(std::string& out, const Json& report, bool strict,
                           const std::string& timestamp) {
  const ReportTally tally = tally_cases(report);
  const ReportOutcome outcome = report_outcome(report);
  for (const auto& [section, section_tally] : tally.by_section) {
    out += fmt::format("  <testsuite name=\"{}\" {} timestamp=\"{}\">\n",
                       xml_escape_attribute(section), counts_attributes(section_tally, strict),
                       timestamp);
    append_properties(out, report, outcome, string_field(report, "target"), strict);
    for (const auto& test_case : array_field(report, "cases")) {
      if (string_field(test_case, "section") == section) append_testcase(out, test_case, strict);
    }
    out += "  </testsuite>\n";
  }
}

// Several targets: a <testsuite> per target, named by its URL.
void append_target_suites(std::string& out, const Json& report, bool strict,
                          const std::string& timestamp) {
  for (const TargetRun& run : target_runs(report)) {
    const ReportTally tally = tally_cases(*run.run);
    out += fmt::format("  <testsuite name=\"{}\" {} timestamp=\"{}\">\n",
                       xml_escape_attribute(run.target), counts_attributes(tally.overall, strict),
                       timestamp);
    append_properties(out, report, report_outcome(*run.run), run.target, strict);
    for (const auto& test_case : array_field(*run.run, "cases")) {
      append_testcase(out, test_case, strict);
    }
    out += "  </testsuite>\n";
  }
}

}  // namespace

std::string render_junit(const Json& report) {
  const bool strict = bool_field(object_field(report, "options"), "strict");
  const ReportTally tally = tally_cases(report);
  const std::string timestamp = xml_escape_attribute(string_field(report, "started_at"));

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"wsconform\" {} timestamp=\"{}\">\n",
                     counts_attributes(tally.overall, strict), timestamp);
  if (is_multi_target(report)) {
    append_target_suites(out, report, strict, timestamp);
  } else {
    append_section_suites(out, report, strict, timestamp);
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace wsconform::report
