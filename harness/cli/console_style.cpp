#include "cli/console_style.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace wsconform::cli {

namespace {

bool set_and_not_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kMagenta = "\x1b[35m";
constexpr std::string_view kReset = "\x1b[0m";

std::string count_text(std::size_t count, std::string_view name, std::string_view ansi,
                       bool colour) {
  if (count == 0) return {};
  if (!colour) return fmt::format("  {} {}", count, name);
  return fmt::format("  {}{} {}{}", ansi, count, name, kReset);
}

}  // namespace

ConsoleEnvironment current_console_environment() {
  return {::isatty(STDOUT_FILENO) == 1, set_and_not_empty("NO_COLOR"), set_and_not_empty("CI")};
}

ConsoleStyle choose_console_style(const ConsoleEnvironment& environment, bool quiet) {
  if (quiet) return ConsoleStyle::quiet;
  if (environment.stdout_is_tty && !environment.no_color && !environment.ci) {
    return ConsoleStyle::bar;
  }
  return ConsoleStyle::lines;
}

std::optional<double> remaining_seconds(const ProgressCounts& counts) {
  if (counts.done == 0 || counts.total == 0 || !(counts.elapsed_s >= 0)) return std::nullopt;
  if (counts.done >= counts.total) return 0.0;
  const double per_case = counts.elapsed_s / static_cast<double>(counts.done);
  return per_case * static_cast<double>(counts.total - counts.done);
}

std::string format_eta(std::optional<double> seconds) {
  if (!seconds || !std::isfinite(*seconds) || *seconds < 0) return "--:--";
  const auto total = static_cast<long long>(std::ceil(*seconds));
  const long long hours = total / 3600;
  const long long minutes = total / 60 % 60;
  const long long secs = total % 60;
  if (hours > 0) return fmt::format("{}:{:02}:{:02}", hours, minutes, secs);
  return fmt::format("{}:{:02}", minutes, secs);
}

std::string progress_bar_line(const ProgressCounts& counts, std::size_t width, bool colour) {
  const std::size_t done = std::min(counts.done, counts.total);
  const double fraction =
      counts.total == 0 ? 0.0 : static_cast<double>(done) / static_cast<double>(counts.total);
  const std::string figures = fmt::format(
      "  {}/{}  {:3.0f}%{}{}{}  ETA {}", done, counts.total, fraction * 100,
      count_text(counts.failed, "fail", kRed, colour),
      count_text(counts.non_strict, "non-strict", kYellow, colour),
      count_text(counts.errors, "error", kMagenta, colour), format_eta(remaining_seconds(counts)));
  // The visible width of `figures` (the colour codes take no columns).
  std::size_t visible = figures.size();
  if (colour) {
    const std::size_t coloured =
        (counts.failed != 0) + (counts.non_strict != 0) + (counts.errors != 0);
    visible -= coloured * (kRed.size() + kReset.size());
  }
  constexpr std::size_t kMinBar = 10;
  constexpr std::size_t kMaxBar = 40;
  const std::size_t room = width > visible + 2 ? width - visible - 2 : 0;
  if (room < kMinBar) return figures.substr(2);  // too narrow for a bar: the figures alone
  const std::size_t bar = std::min(room, kMaxBar);
  const auto filled = static_cast<std::size_t>(std::floor(fraction * static_cast<double>(bar)));
  return "[" + std::string(filled, '#') + std::string(bar - filled, '-') + "]" + figures;
}

}  // namespace wsconform::cli
