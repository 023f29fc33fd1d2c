// SPDX-License-Identifier: MIT
// Handing an open descriptor to another process over a Unix socket
// (SCM_RIGHTS): nc -F gives ssh (ProxyUseFdpass) the connection it made.
#pragma once

#include "tcpc/result.hpp"

namespace tcpc {

// Sends `fd` over the Unix socket `channel` with one NUL byte of data, as
// OpenBSD nc's fdpass() does; waits while the channel is full. Fails if
// `channel` is not a Unix socket (a terminal, a pipe, a file).
Result<void> send_descriptor(int channel, int fd);

}  // namespace tcpc
