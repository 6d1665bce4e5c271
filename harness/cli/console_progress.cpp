#include "cli/console_progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstdio>

#include "cli/case_transcript_text.hpp"
#include "cli/console_text.hpp"
#include "report/json/case.hpp"

namespace wsconform::cli {

namespace {

constexpr std::chrono::milliseconds kRedrawEvery{100};

std::size_t terminal_width() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

std::string case_line(const scenario::CaseResult& result, const std::string& target, bool colour) {
  const std::string& id =
      result.test_case != nullptr ? result.test_case->id : result.transcript.case_id;
  const std::string headline =
      result.judgement.reasons.empty() ? std::string() : result.judgement.reasons.front();
  const std::string_view verdict = scenario::verdict_name(result.judgement.verdict);
  std::string shown = fmt::format("{:<13}", verdict);
  if (colour) {
    const char* ansi = result.judgement.verdict == scenario::Verdict::fail    ? "\x1b[31m"
                       : result.judgement.verdict == scenario::Verdict::error ? "\x1b[35m"
                                                                              : "\x1b[33m";
    shown = ansi + shown + "\x1b[0m";
  }
  std::string line = fmt::format("{} {}", shown, console_text(id));
  if (!target.empty()) line += " @ " + console_text(target);
  return line + "  " + console_text(headline, kMaxReasonOnConsole) + "\n";
}

}  // namespace

ConsoleProgress::ConsoleProgress(ConsoleStyle style, std::size_t total, bool verbose)
    : style_(style), verbose_(verbose), started_(std::chrono::steady_clock::now()) {
  counts_.total = total;
}

void ConsoleProgress::case_done(const scenario::CaseResult& result, const std::string& target) {
  ++counts_.done;
  counts_.failed += result.judgement.verdict == scenario::Verdict::fail;
  counts_.non_strict += result.judgement.verdict == scenario::Verdict::non_strict;
  counts_.errors += result.judgement.verdict == scenario::Verdict::error;
  counts_.elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();

  if (verbose_) {
    clear_bar();
    std::fflush(stdout);
    fmt::print(stderr, "{}", case_transcript_text(report::case_json(result), target));
    std::fflush(stderr);
  }
  const bool passed = result.judgement.verdict == scenario::Verdict::pass;
  switch (style_) {
    case ConsoleStyle::quiet:
      return;
    case ConsoleStyle::lines:
      if (!passed) fmt::print("{}", case_line(result, target, false));
      std::fflush(stdout);
      return;
    case ConsoleStyle::bar:
      if (!passed) {
        clear_bar();
        fmt::print("{}", case_line(result, target, true));
      }
      draw_bar(!passed || counts_.done == counts_.total);
      return;
  }
}

void ConsoleProgress::finish() {
  clear_bar();
  std::fflush(stdout);
}

void ConsoleProgress::draw_bar(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && bar_shown_ && now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  const std::size_t width = terminal_width();
  fmt::print("\r\x1b[2K{}", progress_bar_line(counts_, width > 1 ? width - 1 : width, true));
  std::fflush(stdout);
  bar_shown_ = true;
}

void ConsoleProgress::clear_bar() {
  if (!bar_shown_) return;
  fmt::print("\r\x1b[2K");
  bar_shown_ = false;
}

}  // namespace wsconform::cli
