#include "cli/console_text.hpp"

#include <gtest/gtest.h>

namespace wsconform::cli {
namespace {

TEST(ConsoleText, TerminalEscapesAndControlBytesBecomeVisible) {
  EXPECT_EQ(console_text("\x1b[2Jcleared"), "\\x1b[2Jcleared");
  EXPECT_EQ(console_text(std::string_view("a\0b\x7f", 4)), "a\\x00b\\x7f");
  EXPECT_EQ(console_text("\xC2\x9B"
                         "31m"),
            "\\x9b31m");  // C1 CSI
  EXPECT_EQ(console_text("bad \xff\xfe"), "bad \\xff\\xfe");
}

TEST(ConsoleText, KeepsOneLineAndPrintableUtf8) {
  EXPECT_EQ(console_text("one\ntwo\r"), "one two ");
  EXPECT_EQ(console_text("κόσμε §7.4"), "κόσμε §7.4");
}

TEST(ConsoleText, CutsLongTextWithAnEllipsis) {
  EXPECT_EQ(console_text("abcdef", 3), "abc\xE2\x80\xA6");
  EXPECT_EQ(console_text("abc", 3), "abc");
  EXPECT_EQ(console_text("abcdef", 0), "abcdef");
}

}  // namespace
}  // namespace wsconform::cli
