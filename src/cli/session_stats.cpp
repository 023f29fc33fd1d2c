// SPDX-License-Identifier: MIT
#include "session_stats.hpp"

#include <fmt/format.h>

#include <iterator>

#include "tcpc/stats.hpp"

namespace tcpc::cli {

double SessionStats::seconds_connected() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - connected_at).count();
}

std::string describe_stats(const SessionStats& stats, const Socket& socket) {
  std::string text;
  auto out = std::back_inserter(text);
  auto local = socket.local_endpoint();
  fmt::format_to(out, "-- {} from {}, connected for {:.1f} seconds\n", socket.peer().to_string(),
                 local ? local->to_string() : std::string("?"), stats.seconds_connected());
  fmt::format_to(out, "-- sent:     {} bytes in {} chunks\n", stats.bytes_sent, stats.chunks_sent);
  fmt::format_to(out, "-- received: {} bytes in {} chunks\n", stats.bytes_received,
                 stats.chunks_received);
  // What TCP did underneath, from the kernel's TCP_INFO, as --stats shows it.
  ConnectionReport report = report_for(socket, Role::client);
  report.duration = std::chrono::duration_cast<Microseconds>(std::chrono::steady_clock::now() -
                                                             stats.connected_at);
  report.bytes_sent = stats.bytes_sent;
  report.bytes_received = stats.bytes_received;
  for (const std::string& line : format_report(report))
    fmt::format_to(out, "-- {}\n", line);
  return text;
}

}  // namespace tcpc::cli
