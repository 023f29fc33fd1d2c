// SPDX-License-Identifier: MIT
// poll() timeouts from deadlines, for every poll loop in tcpc and for a
// program's own: one rounding rule, so no loop wakes early and spins.
#pragma once

#include <chrono>
#include <optional>

namespace tcpc {

// Milliseconds from `now` until `deadline` as poll() wants them: rounded up,
// so poll() never wakes before the deadline (a truncated 0.9 ms would spin
// with timeout 0); 0 once the deadline has passed; at most INT_MAX.
int poll_timeout_until(
    std::chrono::steady_clock::time_point deadline,
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) noexcept;
// As above; no deadline is -1, poll()'s "wait forever".
int poll_timeout_until(
    std::optional<std::chrono::steady_clock::time_point> deadline,
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) noexcept;

// The sooner of two poll() timeouts, where -1 means none.
constexpr int sooner_timeout(int a, int b) noexcept {
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

}  // namespace tcpc
