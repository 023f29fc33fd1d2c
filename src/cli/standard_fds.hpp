// SPDX-License-Identifier: MIT
// Descriptors 0-2 before anything else is opened. Started with stdout closed
// (`tcpc HOST PORT >&-`), the first socket would become descriptor 1 and the
// relay would write the server's bytes back to the server.
#pragma once

namespace tcpc::cli {

enum class StandardFds {
  open,           // all three were open
  stdout_filled,  // stdout was closed and is /dev/null now
  unavailable,    // one was closed and /dev/null could not take its place
};

// Puts /dev/null in place of each closed standard descriptor, so no socket or
// file can take its number. Prints nothing: it runs before the message
// catalogs are set up (see warn_about()).
StandardFds ensure_standard_fds();

// A closed stdout means what arrives is discarded: that must not happen in
// silence. Returns false when tcpc cannot run.
bool warn_about(StandardFds state);

}  // namespace tcpc::cli
