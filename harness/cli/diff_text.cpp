#include "cli/diff_text.hpp"

#include <fmt/format.h>

#include "cli/console_text.hpp"
#include "report/json/fields.hpp"

namespace wsconform::cli {

namespace {

constexpr std::size_t kMaxReason = 160;

std::string change_lines(const report::Json& changes, bool by_target) {
  std::string out;
  for (const auto& change : changes) {
    out += fmt::format("  {}", console_text(report::string_field(change, "id")));
    if (by_target)
      out += fmt::format(" @ {}", console_text(report::string_field(change, "target")));
    out += fmt::format("  {} -> {}", report::string_field(change, "before"),
                       report::string_field(change, "after"));
    if (const std::string reason = report::string_field(change, "reason"); !reason.empty()) {
      out += "  " + console_text(reason, kMaxReason);
    }
    out += "\n";
  }
  return out;
}

std::string key_lines(const report::Json& keys, bool by_target) {
  std::string out;
  for (const auto& key : keys) {
    out += "  " + console_text(report::string_field(key, "id"));
    if (by_target) out += " @ " + console_text(report::string_field(key, "target"));
    out += "\n";
  }
  return out;
}

}  // namespace

std::string diff_text(const report::Json& diff, std::string_view old_name,
                      std::string_view new_name) {
  const bool by_target = report::bool_field(diff, "by_target");
  const auto& regressions = report::array_field(diff, "regressions");
  std::string out =
      fmt::format("{} -> {}: {} cases compared{}\n", console_text(old_name), console_text(new_name),
                  static_cast<long long>(report::number_field(diff, "compared")),
                  by_target ? " by (target, case)" : "");
  const struct {
    const char* key;
    const char* heading;
  } groups[] = {
      {"regressions", "regressions (conformant before, fail now)"},
      {"new_errors", "newly erroring (the harness could not run them)"},
      {"fixes", "fixes (fail before, conformant now)"},
      {"other_changes", "other changes"},
  };
  for (const auto& group : groups) {
    const auto& changes = report::array_field(diff, group.key);
    if (changes.empty()) continue;
    out += fmt::format("\n{} {}:\n", changes.size(), group.heading);
    out += change_lines(changes, by_target);
  }
  for (const auto& [key, heading] : {std::pair{"only_in_old", "only in the old report"},
                                     std::pair{"only_in_new", "only in the new report"}}) {
    const auto& keys = report::array_field(diff, key);
    if (keys.empty()) continue;
    out += fmt::format("\n{} {}:\n", keys.size(), heading);
    out += key_lines(keys, by_target);
  }
  out += fmt::format("\n{}: {} regressions, {} newly erroring, {} fixes\n",
                     regressions.empty() ? "no regression" : "REGRESSED", regressions.size(),
                     report::array_field(diff, "new_errors").size(),
                     report::array_field(diff, "fixes").size());
  return out;
}

}  // namespace wsconform::cli
