// SPDX-License-Identifier: MIT
#include "session_stats.hpp"

#include <fmt/format.h>

#include <iterator>

#include "counts.hpp"
#include "i18n.hpp"

namespace tcpc::cli {

double SessionStats::seconds_connected() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - connected_at).count();
}

std::string describe_stats(const SessionStats& stats, const Socket& socket, Role role,
                           const std::optional<ConnectTiming>& timing) {
  std::string text;
  auto out = std::back_inserter(text);
  auto local = socket.local_endpoint();
  text += "-- " +
          trf("{} from {}, connected for {:.1f} seconds", socket.peer().to_string(),
              local ? local->to_string() : std::string("?"), stats.seconds_connected()) +
          "\n";
  text += "-- " +
          trf("sent:     {} in {}", bytes_text(stats.bytes_sent), chunks_text(stats.chunks_sent)) +
          "\n";
  text += "-- " +
          trf("received: {} in {}", bytes_text(stats.bytes_received),
              chunks_text(stats.chunks_received)) +
          "\n";
  // What TCP did underneath, from the kernel's TCP_INFO, as --stats shows it.
  ConnectionReport report = report_for(socket, role);
  if (timing) {
    report.resolve_time = timing->resolve;
    report.connect_time = timing->connect;
  }
  report.duration = std::chrono::duration_cast<Microseconds>(std::chrono::steady_clock::now() -
                                                             stats.connected_at);
  report.bytes_sent = stats.bytes_sent;
  report.bytes_received = stats.bytes_received;
  for (const std::string& line : format_report(report))
    fmt::format_to(out, "-- {}\n", line);
  return text;
}

}  // namespace tcpc::cli
