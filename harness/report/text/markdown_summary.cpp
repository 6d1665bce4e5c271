#include "report/text/markdown_summary.hpp"

#include <fmt/format.h>

#include "report/json/case_matrix.hpp"
#include "report/json/fields.hpp"
#include "report/json/run_outcome.hpp"
#include "report/json/targets.hpp"
#include "report/text/escape.hpp"

namespace wsconform::report {

namespace {

constexpr std::size_t kMaxCellBytes = 300;

std::string cell(std::string_view text) {
  return markdown_escape(text, kMaxCellBytes);
}

// "✅ conformant", "❌ not conformant (2 cases failed)", "⚠️ inconclusive: 3 cases could not
// be judged".
std::string outcome_text(const ReportOutcome& outcome) {
  switch (outcome.outcome) {
    case RunOutcome::conformant:
      return "✅ conformant";
    case RunOutcome::not_conformant:
      return fmt::format("❌ not conformant ({} {} failed)", outcome.tally.failed,
                         outcome.tally.failed == 1 ? "case" : "cases");
    case RunOutcome::inconclusive:
      break;
  }
  return "⚠️ " + inconclusive_headline(outcome.tally.unjudged);
}

std::string overall_line(const Json& report) {
  std::string line = "## wsconform: " + outcome_text(report_outcome(report));
  if (bool_field(report, "interrupted")) line += " — interrupted";
  return line + "\n\n";
}

std::string run_line(const Json& report, const VerdictTally& overall) {
  const Json& options = object_field(report, "options");
  std::string targets;
  if (is_multi_target(report)) {
    const auto runs = target_runs(report);
    targets = fmt::format("{} targets", runs.size());
  } else {
    targets = "Target " + cell(string_field(report, "target"));
  }
  return fmt::format("{} · {} cases · {:.1f} s · started {} · strict: {} · wsconform {}\n\n",
                     targets, overall.total, number_field(report, "duration_ms") / 1000.0,
                     cell(string_field(report, "started_at")),
                     bool_field(options, "strict") ? "yes" : "no",
                     cell(string_field(object_field(report, "tool"), "version")));
}

// `wsconform fuzz` reports: one line on the campaign (its findings are the cases below).
std::string fuzz_line(const Json& report) {
  if (!report.contains("fuzz") || !report.at("fuzz").is_object()) return {};
  const Json& fuzz = report.at("fuzz");
  const Json& campaign = object_field(fuzz, "campaign");
  return fmt::format("Fuzz campaign: {:.0f} inputs in {:.1f} s ({:.0f}/s), seed {:.0f}, {} {}\n\n",
                     number_field(campaign, "inputs"), number_field(campaign, "duration_s"),
                     number_field(campaign, "inputs_per_s"), number_field(campaign, "seed"),
                     array_field(fuzz, "findings").size(),
                     array_field(fuzz, "findings").size() == 1 ? "finding" : "findings");
}

std::string verdict_table(const VerdictTally& overall) {
  std::string out = "| verdict | cases |\n|---|---:|\n";
  for (const auto name : kVerdictOrder)
    out += fmt::format("| {} | {} |\n", name, overall.count(name));
  return out + "\n";
}

std::string section_table(const ReportTally& tally) {
  std::string out = "| section | total |";
  std::string rule = "|---|---:|";
  for (const auto name : kVerdictOrder) {
    out += fmt::format(" {} |", name);
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (const auto& [section, counts] : tally.by_section) {
    out += fmt::format("| {} | {} |", cell(section), counts.total);
    for (const auto name : kVerdictOrder) out += fmt::format(" {} |", counts.count(name));
    out += "\n";
  }
  return out + "\n";
}

std::string case_list(const Json& report, std::string_view verdict, std::string_view heading) {
  const bool multi = is_multi_target(report);
  std::string rows;
  std::size_t matching = 0;
  for (const TargetCase& entry : all_cases(target_runs(report))) {
    const Json& test_case = *entry.test_case;
    if (string_field(test_case, "verdict") != verdict) continue;
    if (++matching > kMaxListedCases) continue;
    rows += fmt::format("| {} |", cell(string_field(test_case, "id")));
    if (multi) rows += fmt::format(" {} |", cell(entry.target));
    rows += fmt::format(" §{} {} | {} |\n", cell(string_field(test_case, "section")),
                        cell(string_field(test_case, "level")), cell(headline_reason(test_case)));
  }
  if (matching == 0) return {};
  std::string out = fmt::format("### {} ({})\n\n", heading, matching);
  out += multi ? "| case | target | requirement | reason |\n|---|---|---|---|\n"
               : "| case | requirement | reason |\n|---|---|---|\n";
  out += rows;
  if (matching > kMaxListedCases) {
    out += fmt::format("\n… and {} more, see report.json\n", matching - kMaxListedCases);
  }
  return out + "\n";
}

// Several targets: counts per target, then the cases × targets matrix of the cases that did not
// pass everywhere.
std::string target_tables(const Json& report) {
  const std::vector<TargetRun> runs = target_runs(report);
  std::string out = "| target | total |";
  std::string rule = "|---|---:|";
  for (const auto name : kVerdictOrder) {
    out += fmt::format(" {} |", name);
    rule += "---:|";
  }
  out += " result |\n" + rule + "---|\n";
  for (const TargetRun& run : runs) {
    const VerdictTally counts = tally_cases(*run.run).overall;
    out += fmt::format("| {} | {} |", cell(run.target), counts.total);
    for (const auto name : kVerdictOrder) out += fmt::format(" {} |", counts.count(name));
    switch (report_outcome(*run.run).outcome) {
      case RunOutcome::conformant:
        out += " ✅ conformant |\n";
        break;
      case RunOutcome::not_conformant:
        out += " ❌ not conformant |\n";
        break;
      case RunOutcome::inconclusive:
        out += " ⚠️ inconclusive |\n";
        break;
    }
  }
  out += "\n";

  const CaseMatrix matrix = case_matrix(runs);
  std::string rows;
  std::size_t listed = 0;
  std::size_t differing = 0;
  for (const CaseMatrix::Row& row : matrix.rows) {
    if (row.all_pass()) continue;
    if (++differing > kMaxListedCases) continue;
    ++listed;
    rows += fmt::format("| {} |", cell(row.id));
    for (const Json* test_case : row.cells) {
      rows += fmt::format(" {} |", test_case ? cell(string_field(*test_case, "verdict")) : "—");
    }
    rows += "\n";
  }
  if (differing == 0) return out + "Every case passed on every target.\n\n";
  out += fmt::format("### Cases × targets ({} cases that did not pass everywhere)\n\n| case |",
                     differing);
  std::string header_rule = "|---|";
  for (std::size_t index = 0; index < runs.size(); ++index) {
    out += fmt::format(" {} |", cell(runs[index].target));
    header_rule += "---|";
  }
  out += "\n" + header_rule + "\n" + rows;
  if (differing > listed) {
    out += fmt::format("\n… and {} more, see report.json\n", differing - listed);
  }
  return out + "\n";
}

std::string change_rows(const Json& changes, bool by_target) {
  std::string out = by_target ? "| case | target | before | now | reason |\n|---|---|---|---|---|\n"
                              : "| case | before | now | reason |\n|---|---|---|---|\n";
  std::size_t listed = 0;
  for (const auto& change : changes) {
    if (++listed > kMaxListedCases) break;
    out += fmt::format("| {} |", cell(string_field(change, "id")));
    if (by_target) out += fmt::format(" {} |", cell(string_field(change, "target")));
    out += fmt::format(" {} | {} | {} |\n", cell(string_field(change, "before")),
                       cell(string_field(change, "after")), cell(string_field(change, "reason")));
  }
  if (changes.size() > kMaxListedCases) {
    out += fmt::format("\n… and {} more, see report.json\n", changes.size() - kMaxListedCases);
  }
  return out + "\n";
}

// "baseline" (run --baseline): what changed since the baseline report.
std::string baseline_section(const Json& report) {
  const Json& baseline = object_field(report, "baseline");
  if (!baseline.is_object()) return {};
  const Json& diff = object_field(baseline, "diff");
  const bool by_target = bool_field(diff, "by_target");
  const auto& regressions = array_field(diff, "regressions");
  const auto& new_errors = array_field(diff, "new_errors");
  const auto& fixes = array_field(diff, "fixes");
  std::string out = fmt::format(
      "### Compared with the baseline {}\n\n{} {} {} · {} newly erroring · {} fixed · {} other "
      "changes · {} cases compared · {} only in the baseline · {} new\n\n",
      cell(string_field(baseline, "file")), regressions.empty() ? "✅" : "❌", regressions.size(),
      regressions.size() == 1 ? "regression" : "regressions", new_errors.size(), fixes.size(),
      array_field(diff, "other_changes").size(),
      static_cast<long long>(number_field(diff, "compared")),
      array_field(diff, "only_in_old").size(), array_field(diff, "only_in_new").size());
  if (!regressions.empty()) {
    out +=
        "#### Regressions: conformant before, fail now\n\n" + change_rows(regressions, by_target);
  }
  if (!new_errors.empty()) {
    out += "#### Newly erroring\n\n" + change_rows(new_errors, by_target);
  }
  if (!fixes.empty())
    out += "#### Fixed: fail before, conformant now\n\n" + change_rows(fixes, by_target);
  return out;
}

}  // namespace

std::string render_markdown_summary(const Json& report) {
  const ReportTally tally = tally_cases(report);
  std::string out = overall_line(report);
  out += run_line(report, tally.overall);
  if (bool_field(report, "interrupted")) {
    out += "> **Interrupted**: only the cases that finished are reported.\n\n";
  }
  out += baseline_section(report);
  if (is_multi_target(report)) out += target_tables(report);
  out += fuzz_line(report);
  out += verdict_table(tally.overall);
  out += section_table(tally);
  out += case_list(report, "fail", "Failed: a MUST not met");
  out += case_list(report, "non-strict", "Non-strict: a SHOULD not met");
  out += case_list(report, "error", "Errors: the harness could not run the case");
  return out;
}

}  // namespace wsconform::report
