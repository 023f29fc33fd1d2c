// SPDX-License-Identifier: MIT
// Internal: the one clock of the benchmarks and its conversions.
#pragma once

#include <chrono>
#include <cstdint>

namespace tcpc::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

inline std::uint64_t nanoseconds_between(Clock::time_point from, Clock::time_point to) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count();
  return ns > 0 ? static_cast<std::uint64_t>(ns) : 0;
}

inline Clock::duration to_clock(std::chrono::duration<double> duration) {
  return std::chrono::duration_cast<Clock::duration>(duration);
}

}  // namespace tcpc::bench
