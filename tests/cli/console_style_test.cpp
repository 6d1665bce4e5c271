#include "cli/console_style.hpp"

#include <gtest/gtest.h>

namespace wsconform::cli {
namespace {

TEST(ConsoleStyle, BarOnlyOnATerminalWithoutNoColorOrCi) {
  EXPECT_EQ(choose_console_style({true, false, false}, false), ConsoleStyle::bar);
  EXPECT_EQ(choose_console_style({false, false, false}, false), ConsoleStyle::lines);
  EXPECT_EQ(choose_console_style({true, true, false}, false), ConsoleStyle::lines);
  EXPECT_EQ(choose_console_style({true, false, true}, false), ConsoleStyle::lines);
  EXPECT_EQ(choose_console_style({true, false, false}, true), ConsoleStyle::quiet);
  EXPECT_EQ(choose_console_style({false, true, true}, true), ConsoleStyle::quiet);
}

TEST(ConsoleStyle, EnvironmentReadsNoColorAndCiWhenSetAndNotEmpty) {
  ::setenv("NO_COLOR", "", 1);
  ::setenv("CI", "true", 1);
  ConsoleEnvironment environment = current_console_environment();
  EXPECT_FALSE(environment.no_color);
  EXPECT_TRUE(environment.ci);
  ::setenv("NO_COLOR", "1", 1);
  ::unsetenv("CI");
  environment = current_console_environment();
  EXPECT_TRUE(environment.no_color);
  EXPECT_FALSE(environment.ci);
  ::unsetenv("NO_COLOR");
}

TEST(ConsoleStyle, EtaFromThePaceSoFar) {
  EXPECT_EQ(remaining_seconds({0, 100, 0, 0, 0, 5.0}), std::nullopt);
  EXPECT_EQ(remaining_seconds({10, 0, 0, 0, 0, 5.0}), std::nullopt);
  EXPECT_DOUBLE_EQ(*remaining_seconds({25, 100, 0, 0, 0, 5.0}), 15.0);
  EXPECT_DOUBLE_EQ(*remaining_seconds({100, 100, 0, 0, 0, 5.0}), 0.0);
}

TEST(ConsoleStyle, EtaFormat) {
  EXPECT_EQ(format_eta(std::nullopt), "--:--");
  EXPECT_EQ(format_eta(-1.0), "--:--");
  EXPECT_EQ(format_eta(0.0), "0:00");
  EXPECT_EQ(format_eta(6.2), "0:07");
  EXPECT_EQ(format_eta(754.0), "12:34");
  EXPECT_EQ(format_eta(3723.0), "1:02:03");
}

TEST(ConsoleStyle, BarShowsFractionCountsAndEta) {
  const ProgressCounts counts{77, 308, 2, 0, 1, 10.0};
  EXPECT_EQ(progress_bar_line(counts, 120, false),
            "[##########------------------------------]  77/308   25%  2 fail  1 error  ETA 0:30");
  EXPECT_EQ(progress_bar_line({0, 308, 0, 0, 0, 0}, 120, false).substr(0, 42),
            "[----------------------------------------]");
  EXPECT_EQ(progress_bar_line({308, 308, 0, 3, 0, 1.0}, 120, false),
            "[########################################]  308/308  100%  3 non-strict  ETA 0:00");
  // 80 columns: the bar shrinks so that the whole line fits.
  EXPECT_EQ(progress_bar_line(counts, 80, false),
            "[#########----------------------------]  77/308   25%  2 fail  1 error  ETA 0:30");
}

TEST(ConsoleStyle, BarFitsTheWidthAndColoursOnlyWhenAsked) {
  const ProgressCounts counts{77, 308, 2, 0, 1, 10.0};
  const std::string narrow = progress_bar_line(counts, 60, false);
  EXPECT_LE(narrow.size(), 60u);
  EXPECT_TRUE(narrow.starts_with("[#"));
  // Too narrow for a bar: the figures alone.
  EXPECT_EQ(progress_bar_line(counts, 20, false), "77/308   25%  2 fail  1 error  ETA 0:30");
  const std::string coloured = progress_bar_line(counts, 80, true);
  EXPECT_NE(coloured.find("\x1b[31m2 fail\x1b[0m"), std::string::npos);
  EXPECT_EQ(progress_bar_line(counts, 80, false).find('\x1b'), std::string::npos);
  // Colour codes take no columns: the bar is as wide as without them.
  EXPECT_EQ(coloured.find(']'), progress_bar_line(counts, 80, false).find(']'));
}

}  // namespace
}  // namespace wsconform::cli
