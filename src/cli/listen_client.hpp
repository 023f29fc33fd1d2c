// SPDX-License-Identifier: MIT
// What -l does with each connection it accepts, whoever serves it next (the
// relay, the session, a program of --exec): --allow/--deny, nc's socket
// options, the "Connection from" line.
#pragma once

#include "options.hpp"
#include "tcpc/listener.hpp"
#include "tcpc/result.hpp"
#include "tcpc/socket.hpp"

namespace tcpc::cli {

// False when --allow/--deny turn the client away (logged, reset, closed);
// true once nc's -I -O -T -M -m -D are set on it and it is logged.
Result<bool> admit_client(Socket& client, const Listener& listener, const Options& options);

}  // namespace tcpc::cli
