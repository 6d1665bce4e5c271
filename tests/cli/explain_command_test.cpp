#include "cli/explain_command.hpp"

#include <gtest/gtest.h>

#include "cli/explain_text.hpp"

namespace wsconform::cli {
namespace {

using Kind = wire::Subject::Kind;

wire::Subject parse(std::string_view text) {
  std::string error;
  const auto subject = parse_explain_subject(text, &error);
  EXPECT_TRUE(subject.has_value()) << text << ": " << error;
  return subject.value_or(wire::Subject{Kind::close_code, -1});
}

TEST(ExplainSubject, NumbersAreCloseCodesExceptBareHttpStatuses) {
  EXPECT_EQ(parse("1011"), (wire::Subject{Kind::close_code, 1011}));
  EXPECT_EQ(parse("0"), (wire::Subject{Kind::close_code, 0}));
  EXPECT_EQ(parse("65535"), (wire::Subject{Kind::close_code, 65535}));
  EXPECT_EQ(parse("999"), (wire::Subject{Kind::close_code, 999}));
  EXPECT_EQ(parse("503"), (wire::Subject{Kind::http_status, 503}));
  EXPECT_EQ(parse("http:101"), (wire::Subject{Kind::http_status, 101}));
  EXPECT_EQ(parse("close:503"), (wire::Subject{Kind::close_code, 503}));
  EXPECT_EQ(parse("0500"), (wire::Subject{Kind::close_code, 500}));  // not 3 digits
}

TEST(ExplainSubject, RejectsOutOfRangeAndNonNumbers) {
  for (const std::string_view bad :
       {"65536", "70000", "9999999999", "-1", "+5", "10 11", "1011x", "", "http:", "http:99",
        "http:600", "http:5033", "close:", "close:70000", "HTTP:503"}) {
    std::string error;
    EXPECT_FALSE(parse_explain_subject(bad, &error).has_value()) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(ExplainText, SentinelsAndUnassignedCodesAreNeverOnTheWire) {
  EXPECT_NE(explain_close_code(1006).find("On the wire:      never. It is a local sentinel"),
            std::string::npos);
  EXPECT_NE(explain_close_code(2000).find("On the wire:      never."), std::string::npos);
  EXPECT_NE(explain_close_code(4000).find("On the wire:      yes"), std::string::npos);
  EXPECT_NE(explain_close_code(1013).find("Retry:            reconnect with exponential backoff"),
            std::string::npos)
      << explain_close_code(1013);
}

}  // namespace
}  // namespace wsconform::cli
