// A live input's case written as a scenario file reads back, through the suite's own loader, to
// the same case: the steps' bytes and segmentation, the expectations and the alternatives. This is
// what makes a saved finding replay as it ran.
#include "fuzz/live/case_yaml.hpp"

#include <gtest/gtest.h>

#include "fuzz/live/live_input.hpp"
#include "fuzz/live/mutator.hpp"
#include "fuzz/live/oracle.hpp"
#include "scenario/loader/loader.hpp"

namespace wsconform::fuzz::live {
namespace {

void expect_round_trip(const scenario::Case& c) {
  const std::string yaml = case_file_yaml(c, {"a comment", "another: with a colon"});
  std::vector<scenario::Case> loaded;
  ASSERT_NO_THROW(loaded = scenario::load_scenario_text(yaml, "finding.yaml")) << yaml;
  ASSERT_EQ(loaded.size(), 1u);
  const scenario::Case& back = loaded[0];
  EXPECT_EQ(back.id, c.id);
  EXPECT_EQ(back.title, c.title);
  EXPECT_EQ(back.requirement.section, c.requirement.section);
  EXPECT_EQ(back.requirement.text, c.requirement.text);
  EXPECT_EQ(back.requirement.level, c.requirement.level);
  EXPECT_EQ(back.timeout, c.timeout);
  // The same bytes, cut into the same writes.
  const LiveInput original = input_from_case(c);
  const LiveInput reread = input_from_case(back);
  EXPECT_EQ(input_digest(reread), input_digest(original)) << yaml;
  ASSERT_EQ(back.steps.size(), c.steps.size());
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    EXPECT_EQ(back.steps[i].step.index(), c.steps[i].step.index()) << "step " << i;
  }
  // The whole expectation, every field (defaulted ==), so a field the writer forgets shows here.
  EXPECT_TRUE(back.expect == c.expect) << yaml;
  ASSERT_EQ(back.alternatives.size(), c.alternatives.size());
  for (std::size_t i = 0; i < c.alternatives.size(); ++i) {
    EXPECT_EQ(back.alternatives[i].grade, c.alternatives[i].grade);
    EXPECT_TRUE(back.alternatives[i].expect == c.alternatives[i].expect)
        << "alternative " << i << "\n"
        << yaml;
  }
}

TEST(LiveCaseYaml, SeedsAndTheirChildrenReadBackToTheSameCase) {
  const std::vector<LiveInput> seeds = seed_inputs();
  Mutator mutator(11);
  OracleOptions oracle;
  int written = 0;
  for (int i = 0; i < 600; ++i) {
    LiveInput input = i < static_cast<int>(seeds.size())
                          ? seeds[static_cast<std::size_t>(i)]
                          : mutator.mutate(seeds[static_cast<std::size_t>(i) % seeds.size()],
                                           seeds[static_cast<std::size_t>(i + 3) % seeds.size()]);
    if (!complete_input(input)) continue;
    const std::optional<Prediction> p = predict(input, oracle);
    if (!p) continue;
    expect_round_trip(make_case(input, *p, "fuzz/test/case-" + std::to_string(i), oracle));
    ++written;
    if (::testing::Test::HasFailure()) return;  // one broken file says enough
  }
  EXPECT_GT(written, 500);
}

TEST(LiveCaseYaml, SeveralCasesInOneFile) {
  std::vector<scenario::Case> cases;
  for (const LiveInput& seed : seed_inputs()) {
    const std::optional<Prediction> p = predict(seed, OracleOptions{});
    cases.push_back(
        make_case(seed, *p, "fuzz/test/seed-" + std::to_string(cases.size()), OracleOptions{}));
  }
  const std::vector<scenario::Case> loaded =
      scenario::load_scenario_text(cases_file_yaml(cases), "batch.yaml");
  EXPECT_EQ(loaded.size(), cases.size());
}

}  // namespace
}  // namespace wsconform::fuzz::live
