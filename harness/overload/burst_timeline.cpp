#include "overload/burst_timeline.hpp"

#include <algorithm>

namespace wsconform::overload {

BurstTimeline::BurstTimeline(std::int64_t bucket_ms, std::size_t max_buckets)
    : bucket_ms_(std::max<std::int64_t>(1, bucket_ms)),
      max_buckets_(std::max<std::size_t>(1, max_buckets)) {}

scenario::BurstBucket& BurstTimeline::at(std::int64_t elapsed_us) {
  const std::int64_t index_signed = std::max<std::int64_t>(0, elapsed_us) / (bucket_ms_ * 1000);
  const std::size_t index = std::min(static_cast<std::size_t>(index_signed), max_buckets_ - 1);
  while (buckets_.size() <= index) {
    scenario::BurstBucket bucket;
    bucket.start_ms = static_cast<std::int64_t>(buckets_.size()) * bucket_ms_;
    buckets_.push_back(std::move(bucket));
  }
  return buckets_[index];
}

}  // namespace wsconform::overload
