#include "reference/raw_server/liberal_mode.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "reference/raw_server/broken_mode.hpp"

namespace wsconform::raw_server {
namespace {

TEST(LiberalMode, EveryNameParsesBackToTheModeThatPrintsIt) {
  const std::vector<std::string_view>& names = liberal_mode_names();
  EXPECT_EQ(names.size(), 14u);
  std::set<LiberalMode> modes;
  for (std::string_view name : names) {
    const std::optional<LiberalMode> mode = parse_liberal_mode(name);
    ASSERT_TRUE(mode) << name;
    EXPECT_EQ(liberal_mode_name(*mode), name);
    modes.insert(*mode);
  }
  EXPECT_EQ(modes.size(), names.size());  // no two names for one mode
}

TEST(LiberalMode, TheNamesAreTheCommandLineSpellingsInDeclarationOrder) {
  const std::vector<std::string_view> expected = {"empty-close-reply",
                                                  "close-1001-reply",
                                                  "fail-with-1008",
                                                  "fail-by-drop",
                                                  "no-size-limit",
                                                  "utf8-at-message-end",
                                                  "accept-non-minimal-length",
                                                  "latest-ping-only",
                                                  "unsolicited-pongs",
                                                  "rfc6455-close-codes-only",
                                                  "pong-after-close",
                                                  "no-pong-after-close",
                                                  "refuse-origin-403",
                                                  "plain-http-without-upgrade"};
  EXPECT_EQ(liberal_mode_names(), expected);
  EXPECT_EQ(liberal_mode_name(LiberalMode::empty_close_reply), "empty-close-reply");
  EXPECT_EQ(liberal_mode_name(LiberalMode::plain_http_without_upgrade),
            "plain-http-without-upgrade");
}

TEST(LiberalMode, UnknownNamesDoNotParse) {
  EXPECT_FALSE(parse_liberal_mode(""));
  EXPECT_FALSE(parse_liberal_mode("Fail-By-Drop"));
  EXPECT_FALSE(parse_liberal_mode("fail_by_drop"));
  EXPECT_FALSE(parse_liberal_mode("no-such-liberty"));
  EXPECT_FALSE(parse_liberal_mode("late-utf8-check"));  // the broken mode's old name
  EXPECT_FALSE(parse_liberal_mode("answer-pongs"));     // removed
  EXPECT_FALSE(parse_liberal_mode("corrupt-echo"));     // a broken mode
  EXPECT_EQ(parse_liberal_mode("fail-by-drop"), LiberalMode::fail_by_drop);
  EXPECT_EQ(liberal_mode_name(static_cast<LiberalMode>(200)), "unknown");
}

TEST(LiberalMode, NoNameIsBothABrokenAndALiberalMode) {
  for (std::string_view name : liberal_mode_names()) {
    EXPECT_FALSE(parse_broken_mode(name)) << name;
  }
}

}  // namespace
}  // namespace wsconform::raw_server
