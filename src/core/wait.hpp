// SPDX-License-Identifier: MIT
// Internal: poll() one descriptor with a timeout, EINTR retried against the
// remaining time.
#pragma once

#include <poll.h>

#include <chrono>

namespace tcpc::detail {

// Returns the revents, 0 on timeout, -1 with errno set on failure.
// A negative timeout waits forever.
int wait_fd(int fd, short events, std::chrono::milliseconds timeout);

}  // namespace tcpc::detail
