// SPDX-License-Identifier: MIT
// Latencies for `tcpc bench`: a log-linear histogram (HdrHistogram's idea)
// that records any number of samples in fixed memory and answers
// percentiles within 1/128 (0.8 %) of the true value. Values below 128 are
// exact; min and max are always exact.
#pragma once

#include <cstdint>
#include <vector>

namespace tcpc::bench {

class Histogram {
 public:
  Histogram();

  void record(std::uint64_t value);
  // Adds another histogram's samples (one per thread, merged at the end).
  void merge(const Histogram& other);

  std::uint64_t count() const noexcept { return count_; }
  std::uint64_t min() const noexcept { return count_ ? min_ : 0; }
  std::uint64_t max() const noexcept { return max_; }
  double mean() const noexcept;
  // The smallest recorded value v such that `percent` % of the samples are
  // <= v (to the histogram's precision); 0 when empty. percent in [0, 100].
  std::uint64_t percentile(double percent) const;

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
  long double sum_ = 0;
};

}  // namespace tcpc::bench
