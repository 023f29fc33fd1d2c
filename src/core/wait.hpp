// SPDX-License-Identifier: MIT
// Internal: poll() on one descriptor with a timeout, EINTR retried against
// the remaining time.
#pragma once

#include <poll.h>

#include <chrono>
#include <optional>

#include "tcpc/deadline.hpp"

namespace tcpc::detail {

using SteadyClock = std::chrono::steady_clock;

// The deadline helpers are public (tcpc/deadline.hpp); the library's loops
// call them as detail:: too.
using ::tcpc::poll_timeout_until;
using ::tcpc::sooner_timeout;

// Returns the revents, 0 on timeout, -1 with errno set on failure.
// A negative timeout waits forever.
int wait_fd(int fd, short events, std::chrono::milliseconds timeout);

}  // namespace tcpc::detail
