#include "cli/target_list.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/exit_codes.hpp"

namespace wsconform::cli {
namespace {

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const CommandError& error) {
    EXPECT_EQ(error.exit_code(), kExitUsage);
    return error.what();
  }
  ADD_FAILURE() << "expected a CommandError";
  return {};
}

TEST(TargetList, FileHoldsOneUrlPerLineWithCommentsAndBlankLines) {
  EXPECT_EQ(parse_targets_text("# servers\nws://a:1/\n\n  ws://b:2/x \r\n#ws://c/\nwss://d/", "t"),
            (std::vector<std::string>{"ws://a:1/", "ws://b:2/x", "wss://d/"}));
  EXPECT_TRUE(parse_targets_text("", "t").empty());
  const std::string error =
      error_of([] { parse_targets_text("ws://a/\nws://b/ ws://c/\n", "t.txt"); });
  EXPECT_NE(error.find("t.txt:2:"), std::string::npos) << error;
}

TEST(TargetList, FlagsThenFileInOrderAndDuplicatesRefused) {
  const std::filesystem::path file =
      std::filesystem::path(::testing::TempDir()) / ("targets-" + std::to_string(::getpid()));
  std::ofstream(file) << "ws://127.0.0.1:2/\n# comment\nws://127.0.0.1:3/\n";
  const std::vector<TargetUrl> targets = collect_targets({"ws://127.0.0.1:1/"}, file.string());
  ASSERT_EQ(targets.size(), 3u);
  EXPECT_EQ(targets[0].url, "ws://127.0.0.1:1/");
  EXPECT_EQ(targets[2].url, "ws://127.0.0.1:3/");
  EXPECT_EQ(targets[2].target.port, 3);
  EXPECT_NE(
      error_of([&] { collect_targets({"ws://127.0.0.1:2/"}, file.string()); }).find("given twice"),
      std::string::npos);
  std::filesystem::remove(file);
}

TEST(TargetList, NoTargetMissingFileOrBadUrlExplainThemselves) {
  EXPECT_NE(error_of([] { collect_targets({}, ""); }).find("--target URL"), std::string::npos);
  EXPECT_NE(error_of([] { collect_targets({}, "/nonexistent/targets.txt"); }).find("cannot open"),
            std::string::npos);
  EXPECT_NE(error_of([] { collect_targets({"http://x/"}, ""); }).find("--target"),
            std::string::npos);
}

}  // namespace
}  // namespace wsconform::cli
