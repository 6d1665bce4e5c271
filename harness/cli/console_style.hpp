// How `wsconform run` talks to the terminal: a redrawn progress bar with counts and an ETA when
// stdout is a terminal and neither NO_COLOR nor CI is set; plain lines otherwise (one per case
// that did not pass); nothing but the final count line with --quiet. The pure parts (choosing the
// style, drawing the bar, the ETA) are here so they are tested without a terminal.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace wsconform::cli {

enum class ConsoleStyle { bar, lines, quiet };

struct ConsoleEnvironment {
  bool stdout_is_tty = false;
  bool no_color = false;  // NO_COLOR set and not empty (no-color.org)
  bool ci = false;        // CI set and not empty
};

// Reads isatty(stdout), NO_COLOR and CI.
ConsoleEnvironment current_console_environment();

ConsoleStyle choose_console_style(const ConsoleEnvironment& environment, bool quiet);

struct ProgressCounts {
  std::size_t done = 0;
  std::size_t total = 0;
  std::size_t failed = 0;      // fail
  std::size_t non_strict = 0;  // non-strict
  std::size_t errors = 0;      // error
  double elapsed_s = 0;
};

// Seconds left, from the pace so far; nullopt before the first case finished or when the total
// is unknown.
std::optional<double> remaining_seconds(const ProgressCounts& counts);

// "0:07", "12:34", "1:02:03"; "--:--" when unknown.
std::string format_eta(std::optional<double> seconds);

// One line, at most `width` columns: "[#####-----]  123/308  40%  2 fail  1 error  ETA 0:12".
// With `colour`, the counts of fail and error are coloured (ANSI) when not zero.
std::string progress_bar_line(const ProgressCounts& counts, std::size_t width, bool colour);

}  // namespace wsconform::cli
