// What `wsconform run` prints while cases finish, in the chosen ConsoleStyle: a redrawn bar
// (with the lines of cases that did not pass above it), plain lines, or nothing (--quiet); and
// with --verbose each case's transcript on stderr.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "cli/console_style.hpp"
#include "scenario/model/run.hpp"

namespace wsconform::cli {

class ConsoleProgress {
 public:
  ConsoleProgress(ConsoleStyle style, std::size_t total, bool verbose);
  ConsoleProgress(const ConsoleProgress&) = delete;
  ConsoleProgress& operator=(const ConsoleProgress&) = delete;

  // `target` is named in the lines when the run has several targets ("" otherwise).
  void case_done(const scenario::CaseResult& result, const std::string& target);
  // Clears the bar, so that what follows starts on a clean line.
  void finish();

 private:
  void draw_bar(bool force);
  void clear_bar();

  ConsoleStyle style_;
  bool verbose_;
  ProgressCounts counts_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool bar_shown_ = false;
};

}  // namespace wsconform::cli
