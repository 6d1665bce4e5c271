// Structure-aware mutations of live inputs: over sequences of frames (header bits, opcodes,
// lengths and their encodings, masks, fragmentation and interleaving, UTF-8 edge sequences, close
// payloads) and over how they go on the wire (TCP segmentation, several frames in one write,
// pauses). Deterministic: the same seed gives the same children.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "fuzz/live/live_input.hpp"

namespace wsconform::fuzz::live {

inline constexpr std::size_t kMaxItems = 16;
inline constexpr std::size_t kMaxInputBytes = 160 * 1024;

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : rng_(seed) {}

  // A child of `parent`: one to four stacked mutations; `donor` may give it items (splicing).
  LiveInput mutate(const LiveInput& parent, const LiveInput& donor);

 private:
  // `mutation` is a Mutation (mutator.cpp).
  void apply(unsigned mutation, LiveInput& input, const LiveInput& donor);
  void mutate_frame(unsigned mutation, scenario::SendFrameStep& send);
  scenario::Segmentation& segmentation_of(Item& item);

  // Random pieces.
  std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : rng_() % bound; }
  bool percent(unsigned chance) { return below(100) < chance; }
  wire::MaskKey mask_key();
  wire::Bytes text_payload();
  wire::Bytes utf8_edge();
  wire::Bytes binary_payload(std::size_t max_size);
  scenario::SendFrameStep frame(std::uint8_t opcode, wire::Bytes payload, bool fin = true);
  scenario::SendFrameStep random_frame();
  scenario::SendFrameStep close_frame();
  scenario::SendRawStep coalesce(const LiveInput& input, std::size_t first, std::size_t count);

  std::mt19937_64 rng_;
};

// The inputs every campaign starts from: correct traffic of each kind, and one input per rule.
std::vector<LiveInput> seed_inputs();

}  // namespace wsconform::fuzz::live
