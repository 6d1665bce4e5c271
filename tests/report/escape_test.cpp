// The one escaper, context by context: what each kind of character becomes in HTML, XML text and
// attributes, Markdown and a terminal.
#include "report/text/escape.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace wsconform::report {
namespace {

std::string console(std::string_view text, std::size_t max_bytes = 0) {
  return escape(text, EscapeContext::console, max_bytes);
}

TEST(HtmlEscape, EscapesEverythingThatCouldStartMarkup) {
  EXPECT_EQ(html_escape("<a href=\"x\" onclick='y'>&amp;</a>"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  EXPECT_EQ(html_escape("</script>"), "&lt;/script&gt;");
  EXPECT_EQ(html_escape("]]>"), "]]&gt;");
}

TEST(HtmlEscape, MakesControlsAndInvalidBytesVisible) {
  EXPECT_EQ(html_escape(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(html_escape("\x01\x1b[31m\x7f"), "\\x01\\x1b[31m\\x7f");
  EXPECT_EQ(html_escape("\xc2\x85"), "\\x85");  // U+0085, a C1 control
  EXPECT_EQ(html_escape("bad:\xff\xfe"), "bad:\\xff\\xfe");
  EXPECT_EQ(html_escape("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // an encoded surrogate
  EXPECT_EQ(html_escape("line\xe2\x80\xa8sep"), "line&#x2028;sep");
  EXPECT_EQ(html_escape("\xef\xbf\xbe"), "\xef\xbf\xbd");  // U+FFFE
  EXPECT_EQ(html_escape("tab\tnew\nline é"), "tab\tnew\nline é");
}

TEST(XmlEscape, EscapesMarkupCharacters) {
  EXPECT_EQ(xml_escape_text("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(xml_escape_text("]]>"), "]]&gt;");
}

TEST(XmlEscape, MakesForbiddenCharactersVisible) {
  EXPECT_EQ(xml_escape_text(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(xml_escape_text("\x01\x1f"), "\\x01\\x1f");
  EXPECT_EQ(xml_escape_text("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(xml_escape_text("\xED\xA0\x80"), "\\xed\\xa0\\x80");  // an encoded surrogate
  EXPECT_EQ(xml_escape_text("\xEF\xBF\xBE"), "\xEF\xBF\xBD");     // U+FFFE
  EXPECT_EQ(xml_escape_text("\xC3\xA9"), "\xC3\xA9");             // valid UTF-8 stays
}

TEST(XmlEscape, KeepsWhitespaceInTextButEncodesItInAttributes) {
  EXPECT_EQ(xml_escape_text("a\tb\nc\r"), "a\tb\nc\r");
  EXPECT_EQ(xml_escape_attribute("a\tb\nc\r"), "a&#9;b&#10;c&#13;");
}

TEST(MarkdownEscape, EscapesMarkupAndHtml) {
  EXPECT_EQ(markdown_escape("a|b"), "a\\|b");
  EXPECT_EQ(markdown_escape("<script>"), "&lt;script&gt;");
  EXPECT_EQ(markdown_escape("`code` *b* _i_ [l](u)"), "\\`code\\` \\*b\\* \\_i\\_ \\[l\\](u)");
  EXPECT_EQ(markdown_escape("a&b"), "a&amp;b");
  EXPECT_EQ(markdown_escape("back\\slash"), "back\\\\slash");
}

TEST(MarkdownEscape, FlattensNewlinesAndShowsControlAndInvalidBytes) {
  EXPECT_EQ(markdown_escape("one\ntwo\r\nthree"), "one two  three");
  EXPECT_EQ(markdown_escape(std::string_view("\0\x01", 2)), "\\x00\\x01");
  EXPECT_EQ(markdown_escape("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(markdown_escape("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
}

TEST(MarkdownEscape, CutsLongTextOnACharacterBoundary) {
  EXPECT_EQ(markdown_escape("abcdef", 3), "abc\xE2\x80\xA6");
  EXPECT_EQ(markdown_escape("a\xC3\xA9", 2), "a\xE2\x80\xA6");
}

TEST(ConsoleEscape, TerminalEscapesAndControlBytesBecomeVisible) {
  EXPECT_EQ(console("\x1b[2Jcleared"), "\\x1b[2Jcleared");
  EXPECT_EQ(console(std::string_view("a\0b\x7f", 4)), "a\\x00b\\x7f");
  EXPECT_EQ(console("\xC2\x9B"
                    "31m"),
            "\\x9b31m");  // C1 CSI
  EXPECT_EQ(console("bad \xff\xfe"), "bad \\xff\\xfe");
}

TEST(ConsoleEscape, KeepsOneLineAndPrintableUtf8) {
  EXPECT_EQ(console("one\ntwo\r"), "one two ");
  EXPECT_EQ(console("κόσμε §7.4"), "κόσμε §7.4");
}

TEST(ConsoleEscape, CutsLongTextWithAnEllipsis) {
  EXPECT_EQ(console("abcdef", 3), "abc\xE2\x80\xA6");
  EXPECT_EQ(console("abc", 3), "abc");
  EXPECT_EQ(console("abcdef", 0), "abcdef");
}

}  // namespace
}  // namespace wsconform::report
