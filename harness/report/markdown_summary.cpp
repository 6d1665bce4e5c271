#include "report/markdown_summary.hpp"

#include <fmt/format.h>

#include "report/markdown_escape.hpp"
#include "report/report_fields.hpp"

namespace wsconform::report {

namespace {

constexpr std::size_t kMaxCellBytes = 300;

std::string cell(std::string_view text) {
  return markdown_escape(text, kMaxCellBytes);
}

std::string overall_line(const Json& report, const VerdictTally& overall) {
  const std::int64_t fails = overall.count("fail");
  std::string line = fails == 0 ? "## wsconform: ✅ conformant"
                                : fmt::format("## wsconform: ❌ not conformant ({} {} failed)",
                                              fails, fails == 1 ? "case" : "cases");
  if (bool_field(report, "interrupted")) line += " — interrupted";
  return line + "\n\n";
}

std::string run_line(const Json& report, const VerdictTally& overall) {
  const Json& options = object_field(report, "options");
  return fmt::format("Target {} · {} cases · {:.1f} s · started {} · strict: {} · wsconform {}\n\n",
                     cell(string_field(report, "target")), overall.total,
                     number_field(report, "duration_ms") / 1000.0,
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
  std::string rows;
  std::size_t matching = 0;
  for (const auto& test_case : array_field(report, "cases")) {
    if (string_field(test_case, "verdict") != verdict) continue;
    if (++matching > kMaxListedCases) continue;
    rows += fmt::format("| {} | §{} {} | {} |\n", cell(string_field(test_case, "id")),
                        cell(string_field(test_case, "section")),
                        cell(string_field(test_case, "level")), cell(headline_reason(test_case)));
  }
  if (matching == 0) return {};
  std::string out = fmt::format("### {} ({})\n\n| case | requirement | reason |\n|---|---|---|\n",
                                heading, matching);
  out += rows;
  if (matching > kMaxListedCases) {
    out += fmt::format("\n… and {} more, see report.json\n", matching - kMaxListedCases);
  }
  return out + "\n";
}

}  // namespace

std::string render_markdown_summary(const Json& report) {
  const ReportTally tally = tally_cases(report);
  std::string out = overall_line(report, tally.overall);
  out += run_line(report, tally.overall);
  if (bool_field(report, "interrupted")) {
    out += "> **Interrupted**: only the cases that finished are reported.\n\n";
  }
  out += fuzz_line(report);
  out += verdict_table(tally.overall);
  out += section_table(tally);
  out += case_list(report, "fail", "Failed: a MUST not met");
  out += case_list(report, "non-strict", "Non-strict: a SHOULD not met");
  out += case_list(report, "error", "Errors: the harness could not run the case");
  return out;
}

}  // namespace wsconform::report
