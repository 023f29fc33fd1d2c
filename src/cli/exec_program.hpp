// SPDX-License-Identifier: MIT
// --exec and --sh-exec (ncat's): a program has the connection. What arrives
// goes to its stdin, what it writes to stdout is sent, through pipes that
// the relay splices. In pipe mode it runs once connected; with -l for the
// client, and with -l -k for each client at once, in a process of its own
// (an inetd in one line).
#pragma once

#include <optional>

#include "options.hpp"
#include "relay_display.hpp"
#include "stats_output.hpp"
#include "stop_signals.hpp"
#include "tcpc/child_process.hpp"
#include "tcpc/listener.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/socket.hpp"
#include "tcpc/tls/tls.hpp"

namespace tcpc::cli {

// What watches a relay to a program: -o and -C, and no view (the program,
// not the terminal, has the bytes). Before any I/O: a bad -o path is bad input.
Result<void> make_program_display(const Options& options, RelayDisplay& display);

// Starts options.program for `connection` (its environment names both ends:
// TCPC_REMOTE_ADDR, TCPC_REMOTE_PORT, TCPC_LOCAL_ADDR, TCPC_LOCAL_PORT,
// TCPC_PROTO, and the same under ncat's NCAT_ names) and points
// relay_options at its pipes. `program` must outlive the relay.
Result<ChildProcess> start_program(const Options& options, const Socket& connection);
void wire_program(ChildProcess& program, const Options& options, RelayOptions& relay_options);

// After the relay: waits for the program, first asking it to end with the
// signal that stopped tcpc (it has a process group of its own, so Ctrl-C
// reached only tcpc). Says how it ended: with -v always, otherwise when it
// failed or was killed.
void finish_program(ChildProcess& program, const Options& options, std::optional<int> stopped_by);

// The signal that StopSignals caught (SIGINT or SIGTERM), if any.
std::optional<int> stop_signal(StopSignals& stop);

// -l --exec with the listener open: one client, or with -k every client in
// a process of its own, at once, until Ctrl-C or SIGTERM (passed on to them).
Result<int> run_program_listener(const Options& options, Listener& listener, StopSignals& stop,
                                 const std::optional<tls::Context>& tls_context,
                                 std::optional<StatsOutput>& stats);

}  // namespace tcpc::cli
