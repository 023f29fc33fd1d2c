// SPDX-License-Identifier: MIT
// The interactive session's counters and its /stats report.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "modes.hpp"
#include "tcpc/socket.hpp"
#include "tcpc/stats.hpp"

namespace tcpc::cli {

struct SessionStats {
  std::chrono::steady_clock::time_point connected_at = std::chrono::steady_clock::now();
  std::uint64_t bytes_sent = 0;       // into the socket
  std::uint64_t bytes_received = 0;   // out of the socket
  std::uint64_t chunks_sent = 0;      // lines, /hex sends, file chunks
  std::uint64_t chunks_received = 0;  // recv() calls that returned data

  double seconds_connected() const;
};

// What /stats prints: the connection, time connected, bytes and chunks each
// way, and the report --stats prints: the client's resolve and connect
// times (`timing`), the kernel's TCP_INFO figures (RTT, RTO, windows,
// retransmissions).
std::string describe_stats(const SessionStats& stats, const Socket& socket, Role role,
                           const std::optional<ConnectTiming>& timing);

}  // namespace tcpc::cli
