// The burst's timeline: fixed-width buckets from its start, each counting what happened then.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "scenario/model/burst.hpp"

namespace wsconform::overload {

class BurstTimeline {
 public:
  // At most `max_buckets` buckets (at least one): later events land in the last one.
  BurstTimeline(std::int64_t bucket_ms, std::size_t max_buckets);

  // The bucket for an event `elapsed_us` after the start (negative: the first), created on demand
  // with every bucket before it, so the timeline has no holes.
  scenario::BurstBucket& at(std::int64_t elapsed_us);

  std::int64_t bucket_ms() const { return bucket_ms_; }
  std::vector<scenario::BurstBucket> take() { return std::move(buckets_); }

 private:
  std::int64_t bucket_ms_;
  std::size_t max_buckets_;
  std::vector<scenario::BurstBucket> buckets_;
};

}  // namespace wsconform::overload
