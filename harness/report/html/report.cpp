#include "report/html/report.hpp"

#include <fmt/format.h>

#include <map>
#include <string_view>
#include <utility>

#include "report/html/assets.hpp"
#include "report/html/case.hpp"
#include "report/html/charts.hpp"
#include "report/json/case_matrix.hpp"
#include "report/json/fields.hpp"
#include "report/json/run_outcome.hpp"
#include "report/json/targets.hpp"
#include "report/text/escape.hpp"

namespace wsconform::report {

namespace {

// The title's word on the run: "conformant", "2 failed", "inconclusive".
std::string title_state(const ReportOutcome& outcome) {
  switch (outcome.outcome) {
    case RunOutcome::conformant:
      return "conformant";
    case RunOutcome::not_conformant:
      return fmt::format("{} failed", outcome.tally.failed);
    case RunOutcome::inconclusive:
      break;
  }
  return "inconclusive";
}

// The banner's headline and its class (the colour).
std::pair<std::string, std::string_view> banner_state(const ReportOutcome& outcome) {
  switch (outcome.outcome) {
    case RunOutcome::conformant:
      return {"✓ Conformant", ""};
    case RunOutcome::not_conformant:
      return {fmt::format("✗ Not conformant: {} {} failed", outcome.tally.failed,
                          outcome.tally.failed == 1 ? "case" : "cases"),
              " bad"};
    case RunOutcome::inconclusive:
      break;
  }
  std::string headline = inconclusive_headline(outcome.tally.unjudged);
  headline.front() = 'I';  // "Inconclusive: ...", as "Conformant"
  return {"⚠ " + headline, " unjudged"};
}

std::string head_html(const Json& report, const ReportOutcome& outcome) {
  const std::string state = title_state(outcome);
  std::string subject = is_multi_target(report)
                            ? fmt::format("{} targets", target_runs(report).size())
                            : string_field(report, "target");
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<title>wsconform: {} · {}</title>\n<style>{}</style></head>\n",
      html_escape(html_content_security_policy()), html_escape(state), html_escape(subject),
      html_stylesheet());
}

std::string banner_html(const Json& report, const VerdictTally& overall,
                        const ReportOutcome& outcome) {
  const auto [headline, banner_class] = banner_state(outcome);
  const Json& options = object_field(report, "options");
  std::string targets;
  if (is_multi_target(report)) {
    for (const TargetRun& run : target_runs(report)) {
      targets += (targets.empty() ? "" : ", ") + html_escape(run.target);
    }
  } else {
    targets = html_escape(string_field(report, "target"));
  }
  std::string out = fmt::format(
      "<header class=\"top{}\"><h1>wsconform conformance report</h1><p class=\"verdict\">{}</p>"
      "<p class=\"run\">{} · {} cases · {:.2f} s · started {} · strict: {} · wsconform {}</p>"
      "</header>\n",
      banner_class, headline, targets, overall.total, number_field(report, "duration_ms") / 1000.0,
      html_escape(string_field(report, "started_at")), bool_field(options, "strict") ? "yes" : "no",
      html_escape(string_field(object_field(report, "tool"), "version")));
  if (bool_field(report, "interrupted")) {
    out +=
        "<div class=\"interrupted\">Interrupted: only the cases that finished are "
        "reported.</div>\n";
  }
  return out;
}

std::string count_cell(std::int64_t count) {
  return count == 0 ? "<td class=\"n z\">0</td>" : fmt::format("<td class=\"n\">{}</td>", count);
}

std::string counts_html(const ReportTally& tally) {
  std::string out = "<section class=\"panel\" id=\"counts\"><h2>Counts</h2><div class=\"cards\">";
  out += fmt::format("<a class=\"card\" href=\"#verdict=\"><b>{}</b><span>cases</span></a>",
                     tally.overall.total);
  for (const auto name : kVerdictOrder) {
    const std::int64_t count = tally.overall.count(name);
    out += fmt::format(
        "<a class=\"card v-{0}{1}\" href=\"#verdict={0}\"><b>{2}</b><span>{0}</span></a>", name,
        count == 0 ? " zero" : "", count);
  }
  out +=
      "</div><div class=\"sections-wrap\"><table class=\"grid\"><thead><tr><th>section</th>"
      "<th class=\"n\">total</th>";
  for (const auto name : kVerdictOrder) out += fmt::format("<th class=\"n\">{}</th>", name);
  out += "</tr></thead><tbody>";
  for (const auto& [section, counts] : tally.by_section) {
    out +=
        fmt::format("<tr><td>§{}</td><td class=\"n\">{}</td>", html_escape(section), counts.total);
    for (const auto name : kVerdictOrder) out += count_cell(counts.count(name));
    out += "</tr>";
  }
  return out + "</tbody></table></div></section>\n";
}

std::string change_rows_html(const Json& changes, bool by_target) {
  std::string out = "<table class=\"grid\"><thead><tr><th>case</th>";
  if (by_target) out += "<th>target</th>";
  out += "<th>before</th><th>now</th><th>reason</th></tr></thead><tbody>";
  for (const auto& change : changes) {
    out += "<tr><td><code>" + html_escape(string_field(change, "id")) + "</code></td>";
    if (by_target) out += "<td>" + html_escape(string_field(change, "target")) + "</td>";
    const std::string before = string_field(change, "before");
    const std::string after = string_field(change, "after");
    out += fmt::format(
        "<td><span class=\"badge v-{0}\">{0}</span></td><td><span class=\"badge v-{1}\">{1}</span>"
        "</td><td>{2}</td></tr>",
        html_escape(before), html_escape(after), html_escape(string_field(change, "reason")));
  }
  return out + "</tbody></table>";
}

std::string baseline_html(const Json& report) {
  const Json& baseline = object_field(report, "baseline");
  if (!baseline.is_object()) return {};
  const Json& diff = object_field(baseline, "diff");
  const bool by_target = bool_field(diff, "by_target");
  std::string out = fmt::format(
      "<section class=\"panel\" id=\"baseline\"><h2>Compared with the baseline <code>{}</code>"
      "</h2><p>{} regressions · {} newly erroring · {} fixed · {} other changes · {} cases "
      "compared · {} only in the baseline · {} new</p>",
      html_escape(string_field(baseline, "file")), array_field(diff, "regressions").size(),
      array_field(diff, "new_errors").size(), array_field(diff, "fixes").size(),
      array_field(diff, "other_changes").size(),
      static_cast<long long>(number_field(diff, "compared")),
      array_field(diff, "only_in_old").size(), array_field(diff, "only_in_new").size());
  for (const auto& [key, heading] :
       {std::pair{"regressions", "Regressions: conformant before, fail now"},
        std::pair{"new_errors", "Newly erroring"},
        std::pair{"fixes", "Fixed: fail before, conformant now"},
        std::pair{"other_changes", "Other changes"}}) {
    const Json& changes = array_field(diff, key);
    if (changes.empty()) continue;
    out += fmt::format("<h4>{}</h4>", heading) + change_rows_html(changes, by_target);
  }
  return out + "</section>\n";
}

std::string case_anchor(std::size_t target, std::size_t index) {
  return fmt::format("c{}-{}", target, index);
}

std::string matrix_html(const Json& report) {
  if (!is_multi_target(report)) return {};
  const std::vector<TargetRun> runs = target_runs(report);
  std::string out =
      "<section class=\"panel\" id=\"matrix\"><h2>Cases × targets</h2><div "
      "class=\"sections-wrap\"><table class=\"grid matrix\"><thead><tr><th>case</th>";
  for (const TargetRun& run : runs) out += "<th>" + html_escape(run.target) + "</th>";
  out += "</tr></thead><tbody>";
  // Where each case entry is in the case list, for the links.
  std::map<const Json*, std::string> anchors;
  for (std::size_t t = 0; t < runs.size(); ++t) {
    const Json& cases = array_field(*runs[t].run, "cases");
    for (std::size_t i = 0; i < cases.size(); ++i) anchors[&cases[i]] = case_anchor(t, i);
  }
  const CaseMatrix matrix = case_matrix(runs);
  for (const CaseMatrix::Row& row : matrix.rows) {
    std::string verdicts;
    std::string section;
    std::string cells;
    for (const Json* test_case : row.cells) {
      if (test_case == nullptr) {
        cells += "<td class=\"cell\">—</td>";
        continue;
      }
      const std::string verdict = string_field(*test_case, "verdict");
      verdicts += (verdicts.empty() ? "" : " ") + verdict;
      if (section.empty()) section = string_field(*test_case, "section");
      cells += fmt::format(
          "<td class=\"cell\"><a href=\"#{}\"><span class=\"badge v-{}\">{}</span></a></td>",
          anchors[test_case], html_escape(verdict), html_escape(verdict));
    }
    out += fmt::format(
        "<tr class=\"mrow\" data-verdicts=\"{}\" data-section=\"{}\"><td><code>{}"
        "</code></td>{}</tr>",
        html_escape(verdicts), html_escape(section), html_escape(row.id), cells);
  }
  return out + "</tbody></table></div></section>\n";
}

std::string filters_html() {
  std::string out = "<form id=\"filters\" hidden><strong>Show</strong>";
  for (const auto name : kVerdictOrder) {
    out += fmt::format(
        "<label><input type=\"checkbox\" name=\"verdict\" value=\"{0}\" checked> {0}</label>",
        name);
  }
  out +=
      "<label>section <select id=\"f-section\"><option value=\"\">all</option></select></label>"
      "<label>text <input type=\"search\" id=\"f-text\" placeholder=\"id, reason, header, "
      "…\"></label><span id=\"f-shown\"></span></form>";
  return out;
}

std::string cases_html(const Json& report) {
  const std::vector<TargetRun> runs = target_runs(report);
  const bool multi = is_multi_target(report);
  std::string out = "<section class=\"panel\" id=\"cases\"><h2>Cases</h2>" + filters_html();
  for (std::size_t t = 0; t < runs.size(); ++t) {
    const Json& cases = array_field(*runs[t].run, "cases");
    for (std::size_t i = 0; i < cases.size(); ++i) {
      out += case_html(cases[i], {case_anchor(t, i), runs[t].target, multi});
    }
  }
  return out + "</section>\n";
}

}  // namespace

std::string render_html(const Json& report) {
  const ReportTally tally = tally_cases(report);
  const ReportOutcome outcome = report_outcome(report);
  std::string out = head_html(report, outcome);
  out += "<body>\n" + banner_html(report, tally.overall, outcome) + "<main>\n";
  out += counts_html(tally);
  out += baseline_html(report);
  out += matrix_html(report);
  out += fuzz_html(object_field(report, "fuzz"));
  out += cases_html(report);
  out += fmt::format(
      "</main><footer>Made by wsconform {} from report.json ({}). Self-contained: nothing on "
      "this page is loaded from anywhere.</footer>\n<script>{}</script>\n</body></html>\n",
      html_escape(string_field(object_field(report, "tool"), "version")),
      html_escape(string_field(report, "schema")), html_script());
  return out;
}

}  // namespace wsconform::report
