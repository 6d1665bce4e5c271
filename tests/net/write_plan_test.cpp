// PieceCutter: how a write plan cuts a send into TCP writes.
#include "net/write_plan.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace wsconform::net {
namespace {

std::vector<std::size_t> pieces(const WritePlan& plan, std::size_t total) {
  std::vector<std::size_t> sizes;
  PieceCutter cutter(plan, total);
  for (auto piece = cutter.next(); piece; piece = cutter.next()) sizes.push_back(*piece);
  return sizes;
}

TEST(PieceCutter, EmptyPlanIsOneWrite) {
  EXPECT_EQ(pieces({}, 10), std::vector<std::size_t>{10});
}

TEST(PieceCutter, NothingToWriteIsNoWrite) {
  EXPECT_TRUE(pieces({}, 0).empty());
}

TEST(PieceCutter, SizesThenTheRestInOneWrite) {
  EXPECT_EQ(pieces({{1, 1, 3}, 0, {}}, 10), (std::vector<std::size_t>{1, 1, 3, 5}));
}

TEST(PieceCutter, SizesThatUseEverythingLeaveNoEmptyWrite) {
  EXPECT_EQ(pieces({{2, 3}, 0, {}}, 5), (std::vector<std::size_t>{2, 3}));
}

TEST(PieceCutter, SizesPastTheEndAreCut) {
  EXPECT_EQ(pieces({{2, 100, 7}, 0, {}}, 5), (std::vector<std::size_t>{2, 3}));
}

TEST(PieceCutter, ZeroSizesAreSkipped) {
  EXPECT_EQ(pieces({{0, 2, 0}, 0, {}}, 4), (std::vector<std::size_t>{2, 2}));
}

TEST(PieceCutter, ChopCutsFixedChunksWithAShortLastOne) {
  EXPECT_EQ(pieces({{}, 4, {}}, 10), (std::vector<std::size_t>{4, 4, 2}));
  EXPECT_EQ(pieces({{}, 1, {}}, 3), (std::vector<std::size_t>{1, 1, 1}));
}

TEST(PieceCutter, SizesFirstThenChop) {
  EXPECT_EQ(pieces({{3}, 2, {}}, 8), (std::vector<std::size_t>{3, 2, 2, 1}));
}

TEST(PieceCutter, HugeChopOfAHugeBufferNeedsNoTable) {
  // 1 GiB cut into 1 MiB pieces: counted lazily, never materialised up front.
  WritePlan plan{{}, 1u << 20, {}};
  PieceCutter cutter(plan, std::size_t{1} << 30);
  std::size_t count = 0;
  std::size_t total = 0;
  for (auto piece = cutter.next(); piece; piece = cutter.next()) {
    ++count;
    total += *piece;
  }
  EXPECT_EQ(count, 1024u);
  EXPECT_EQ(total, std::size_t{1} << 30);
}

}  // namespace
}  // namespace wsconform::net
