// SPDX-License-Identifier: MIT
#include "tcpc/bench/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace tcpc::bench {
namespace {

// 2^kSubBits buckets per power of two: the relative error is below 2^-kSubBits.
constexpr int kSubBits = 7;
constexpr std::uint64_t kSubCount = std::uint64_t{1} << kSubBits;
constexpr std::size_t kBuckets = (64 - kSubBits + 1) * kSubCount;

std::size_t bucket_of(std::uint64_t value) {
  if (value < kSubCount) return static_cast<std::size_t>(value);
  const int shift = std::bit_width(value) - 1 - kSubBits;  // >= 0
  const std::uint64_t mantissa = value >> shift;           // in [kSubCount, 2 * kSubCount)
  return static_cast<std::size_t>((shift + 1) * kSubCount + (mantissa - kSubCount));
}

// The largest value that falls into `bucket`.
std::uint64_t bucket_top(std::size_t bucket) {
  if (bucket < kSubCount) return bucket;
  const int shift = static_cast<int>(bucket / kSubCount) - 1;
  const std::uint64_t mantissa = kSubCount + bucket % kSubCount;
  return ((mantissa + 1) << shift) - 1;
}

}  // namespace

Histogram::Histogram() : counts_(kBuckets, 0) {}

void Histogram::record(std::uint64_t value) {
  ++counts_[bucket_of(value)];
  ++count_;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  sum_ += value;
}

void Histogram::merge(const Histogram& other) {
  for (std::size_t i = 0; i < kBuckets; ++i)
    counts_[i] += other.counts_[i];
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

double Histogram::mean() const noexcept {
  return count_ ? static_cast<double>(sum_ / count_) : 0.0;
}

std::uint64_t Histogram::percentile(double percent) const {
  if (count_ == 0) return 0;
  percent = std::clamp(percent, 0.0, 100.0);
  // The rank of the sample we want, 1-based: at least the first, at most the last.
  auto rank = static_cast<std::uint64_t>(std::ceil(percent / 100.0 * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(bucket_top(i), min(), max_);
  }
  return max_;
}

}  // namespace tcpc::bench
