// SPDX-License-Identifier: MIT
#include "core/wait.hpp"

#include <cerrno>
#include <climits>

namespace tcpc {

int poll_timeout_until(std::chrono::steady_clock::time_point deadline,
                       std::chrono::steady_clock::time_point now) noexcept {
  if (deadline <= now) return 0;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
  return left < INT_MAX ? static_cast<int>(left) : INT_MAX;
}

int poll_timeout_until(std::optional<std::chrono::steady_clock::time_point> deadline,
                       std::chrono::steady_clock::time_point now) noexcept {
  return deadline ? poll_timeout_until(*deadline, now) : -1;
}

}  // namespace tcpc

namespace tcpc::detail {

int wait_fd(int fd, short events, std::chrono::milliseconds timeout) {
  std::optional<SteadyClock::time_point> deadline;
  if (timeout.count() >= 0) deadline = SteadyClock::now() + timeout;
  pollfd entry{fd, events, 0};
  for (;;) {
    const int ready = ::poll(&entry, 1, poll_timeout_until(deadline));
    if (ready > 0) return entry.revents;
    if (ready == 0) return 0;
    if (errno != EINTR) return -1;
  }
}

}  // namespace tcpc::detail
