// SPDX-License-Identifier: MIT
// Internal: what the relay does when RelayOptions::cancel_fd becomes readable.
#pragma once

#include <poll.h>

#include "core/byte_buffer.hpp"

namespace tcpc::detail {

// The poll() entry for a cancel descriptor (-1: none, poll() skips it).
inline pollfd cancel_entry(int cancel_fd) noexcept {
  return {cancel_fd, POLLIN, 0};
}

// Writes what `buffer` holds to `fd` for as long as fd takes it without
// waiting: a stopped relay hands over what it already received, but a stuck
// reader cannot hold up the stop.
void write_while_ready(int fd, ByteBuffer& buffer);

}  // namespace tcpc::detail
