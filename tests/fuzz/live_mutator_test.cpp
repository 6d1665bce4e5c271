// Structure-aware mutations: deterministic for a seed, bounded (items, bytes, how long the
// writes take), and reaching every kind of input the oracle tells apart, from the seeds alone.
#include "fuzz/live/mutator.hpp"

#include <gtest/gtest.h>

#include <set>

#include "fuzz/live/oracle.hpp"

namespace wsconform::fuzz::live {
namespace {

constexpr int kChildren = 3000;

// Mutates the seeds round-robin, each child from its parent and the next seed as donor.
std::vector<LiveInput> children(std::uint64_t seed, int count) {
  const std::vector<LiveInput> seeds = seed_inputs();
  Mutator mutator(seed);
  std::vector<LiveInput> out;
  for (int i = 0; i < count; ++i) {
    const auto index = static_cast<std::size_t>(i);
    out.push_back(mutator.mutate(seeds[index % seeds.size()], seeds[(index + 1) % seeds.size()]));
  }
  return out;
}

TEST(LiveMutator, TheSameSeedGivesTheSameChildren) {
  const std::vector<LiveInput> a = children(7, 200);
  const std::vector<LiveInput> b = children(7, 200);
  const std::vector<LiveInput> c = children(8, 200);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(input_digest(a[i]), input_digest(b[i])) << "child " << i;
    differ += input_digest(a[i]) != input_digest(c[i]) ? 1 : 0;
  }
  EXPECT_GT(differ, a.size() / 2);
}

TEST(LiveMutator, ChildrenStayWithinTheirBounds) {
  for (const LiveInput& child : children(1, kChildren)) {
    ASSERT_FALSE(child.items.empty());
    EXPECT_LE(child.items.size(), kMaxItems);
    EXPECT_LE(client_bytes(child).size(), kMaxInputBytes);
    for (const Item& item : child.items) {
      const auto& segmentation = std::visit(
          [](const auto& step) -> const scenario::Segmentation& { return step.segmentation; },
          item);
      const std::size_t size = item_bytes(item).size();
      const std::size_t pieces =
          segmentation.chop != 0 ? size / segmentation.chop + 1 : segmentation.sizes.size() + 1;
      EXPECT_LE(pieces, 513u);
      if (segmentation.delay.count() > 0) {
        EXPECT_LE(pieces, 8u);  // pauses only between a few
      }
      if (const auto* send = std::get_if<scenario::SendFrameStep>(&item)) {
        EXPECT_EQ(send->unmasked, !send->frame.mask.has_value());  // masks are always explicit
      }
    }
  }
}

TEST(LiveMutator, ReachesEveryRuleAndTheValidPathsFromTheSeeds) {
  std::set<std::string> labels;
  std::size_t judged = 0;
  for (LiveInput child : children(3, kChildren)) {
    if (!complete_input(child)) continue;
    const std::optional<Prediction> p = predict(child, OracleOptions{});
    if (!p) continue;
    ++judged;
    labels.insert(p->label);
  }
  EXPECT_GT(judged, kChildren * 9u / 10);
  for (const char* label :
       {"valid", "valid-close", "unmasked-client-frame", "rsv-bit-without-extension",
        "reserved-opcode", "control-frame-too-long", "fragmented-control-frame",
        "continuation-without-message", "data-frame-inside-fragmented-message",
        "non-minimal-length", "length-top-bit-set", "close-payload-one-byte", "invalid-close-code",
        "invalid-utf8-close-reason", "invalid-utf8-text"}) {
    EXPECT_TRUE(labels.count(label) == 1) << label;
  }
}

TEST(LiveMutator, SeedsAreJudgeableAsTheyAre) {
  for (LiveInput seed : seed_inputs()) {
    const std::uint64_t before = input_digest(seed);
    ASSERT_TRUE(complete_input(seed));
    EXPECT_EQ(input_digest(seed), before);  // no padding needed
    EXPECT_TRUE(predict(seed, OracleOptions{}).has_value());
  }
}

}  // namespace
}  // namespace wsconform::fuzz::live
