// SPDX-License-Identifier: MIT
// Internal: poll() timeouts from deadlines, and poll() on one descriptor
// with a timeout, EINTR retried against the remaining time.
#pragma once

#include <poll.h>

#include <chrono>
#include <optional>

namespace tcpc::detail {

using SteadyClock = std::chrono::steady_clock;

// Milliseconds from `now` until `deadline` as poll() wants them: rounded up,
// so poll() never wakes before the deadline (a truncated 0.9 ms would spin
// with timeout 0); 0 once the deadline has passed; at most INT_MAX.
int poll_timeout_until(SteadyClock::time_point deadline,
                       SteadyClock::time_point now = SteadyClock::now()) noexcept;
// As above; no deadline is -1, poll()'s "wait forever".
int poll_timeout_until(std::optional<SteadyClock::time_point> deadline,
                       SteadyClock::time_point now = SteadyClock::now()) noexcept;

// The sooner of two poll() timeouts, where -1 means none.
constexpr int sooner_timeout(int a, int b) noexcept {
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

// Returns the revents, 0 on timeout, -1 with errno set on failure.
// A negative timeout waits forever.
int wait_fd(int fd, short events, std::chrono::milliseconds timeout);

}  // namespace tcpc::detail
