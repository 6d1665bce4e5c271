#include "reference/raw_server/broken_mode.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace wsconform::raw_server {
namespace {

TEST(BrokenMode, EveryNameParsesBackToTheModeThatPrintsIt) {
  const std::vector<std::string_view>& names = broken_mode_names();
  EXPECT_EQ(names.size(), 33u);
  std::set<BrokenMode> modes;
  for (std::string_view name : names) {
    const std::optional<BrokenMode> mode = parse_broken_mode(name);
    ASSERT_TRUE(mode) << name;
    EXPECT_EQ(broken_mode_name(*mode), name);
    modes.insert(*mode);
  }
  EXPECT_EQ(modes.size(), names.size());  // no two names for one mode
}

TEST(BrokenMode, UnknownNamesDoNotParse) {
  EXPECT_FALSE(parse_broken_mode(""));
  EXPECT_FALSE(parse_broken_mode("Corrupt-Echo"));
  EXPECT_FALSE(parse_broken_mode("corrupt_echo"));
  EXPECT_EQ(parse_broken_mode("corrupt-echo"), BrokenMode::corrupt_echo);
}

TEST(BrokenMode, BehavioursTheRfcAllowsAreNoLongerBrokenModes) {
  // no-size-limit and accept-non-minimal-length are liberal modes now, late-utf8-check is the
  // liberal utf8-at-message-end, and answer-pongs gave way to the liberal unsolicited-pongs.
  for (std::string_view name :
       {"no-size-limit", "late-utf8-check", "accept-non-minimal-length", "answer-pongs"}) {
    EXPECT_FALSE(parse_broken_mode(name)) << name;
  }
}

}  // namespace
}  // namespace wsconform::raw_server
