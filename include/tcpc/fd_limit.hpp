// SPDX-License-Identifier: MIT
// How many descriptors this process may open. Servers and benchmarks that
// hold thousands of connections raise the soft limit (often 1024) to the
// hard limit the administrator allows.
#pragma once

#include <cstdint>

namespace tcpc {

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit
// now in force (unchanged if raising failed). Where the process may raise
// the hard limit too (root on Linux, up to fs.nr_open), it does, so that a
// server or `tcpc bench conns` can hold 100,000 connections.
std::uint64_t raise_fd_limit() noexcept;

}  // namespace tcpc
