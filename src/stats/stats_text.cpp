// SPDX-License-Identifier: MIT
// Reports as text for a person: one figure per line, a label in the
// tutorial's words, units always written out, "unavailable" for what the
// kernel did not report.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "tcpc/stats.hpp"
#include "tcpc/udp_stats.hpp"

namespace tcpc {
namespace {

constexpr std::string_view kUnavailable = "unavailable";

// Bytes in binary units: {12.0, "MiB"}.
std::pair<double, const char*> binary_units(std::uint64_t bytes) {
  static const char* const units[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024;
  int unit = 0;
  while (value >= 1024 && unit < 3) {
    value /= 1024;
    ++unit;
  }
  return {value, units[unit]};
}

// "512 bytes", "20971520 bytes (20.0 MiB)".
std::string show_bytes(std::uint64_t bytes) {
  if (bytes == 1) return "1 byte";
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  auto [value, unit] = binary_units(bytes);
  return fmt::format("{} bytes ({:.1f} {})", bytes, value, unit);
}

// Short form for the interval lines: "512 B", "12.0 MiB".
std::string show_size(std::uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  auto [value, unit] = binary_units(bytes);
  return fmt::format("{:.1f} {}", value, unit);
}

// Network rates are decimal: 1 Mbit/s is 1,000,000 bits per second.
std::string show_rate(double bits_per_second) {
  const char* units[] = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
  int unit = 0;
  while (bits_per_second >= 1000 && unit < 4) {
    bits_per_second /= 1000;
    ++unit;
  }
  return unit == 0 ? fmt::format("{:.0f} {}", bits_per_second, units[unit])
                   : fmt::format("{:.1f} {}", bits_per_second, units[unit]);
}

std::string show_rate(std::optional<double> bits_per_second) {
  return bits_per_second ? show_rate(*bits_per_second) : std::string(kUnavailable);
}

std::string show_time_us(std::uint64_t us) {
  if (us < 1'000'000) return fmt::format("{:.3f} ms", static_cast<double>(us) / 1e3);
  return fmt::format("{:.3f} s", static_cast<double>(us) / 1e6);
}

std::string show_time(Microseconds time) {
  return show_time_us(static_cast<std::uint64_t>(std::max<std::int64_t>(time.count(), 0)));
}

// The number with `suffix`, or "unavailable".
std::string show(const TcpInfo::Field& field, std::string_view suffix = {}) {
  if (!field) return std::string(kUnavailable);
  return suffix.empty() ? fmt::format("{}", *field) : fmt::format("{} {}", *field, suffix);
}

std::string show_us(const TcpInfo::Field& field) {
  return field ? show_time_us(*field) : std::string(kUnavailable);
}

std::string show_bytes(const TcpInfo::Field& field) {
  return field ? show_bytes(*field) : std::string(kUnavailable);
}

std::string line(std::string_view label, std::string_view value) {
  return fmt::format("  {:<31} {}", label, value);
}

std::string connection_title(Role role, const Endpoint& local, const Endpoint& peer) {
  const std::string here = local.empty() ? std::string("?") : local.to_string();
  return role == Role::client
             ? fmt::format("TCP statistics: client {} -> server {}", here, peer.to_string())
             : fmt::format("TCP statistics: server {} <- client {}", here, peer.to_string());
}

std::string client_time(Role role, const std::optional<Microseconds>& time) {
  if (time) return show_time(*time);
  if (role == Role::server) return "unavailable (measured by the client)";
  return std::string(kUnavailable);
}

std::string transfer(std::uint64_t bytes, Microseconds duration) {
  auto rate = bits_per_second(bytes, duration);
  if (!rate || bytes == 0) return show_bytes(bytes);
  return fmt::format("{}, {}", show_bytes(bytes), show_rate(rate));
}

std::string acknowledged(const TcpInfo& tcp) {
  if (!tcp.bytes_acked) return std::string(kUnavailable);
  return show_bytes(*tcp.bytes_acked) + " of sequence space (a SYN or FIN counts as one)";
}

std::string state(const TcpInfo& tcp) {
  std::string text = tcp.state ? std::string(tcp_state_name(*tcp.state)) : "unavailable";
  text += ", congestion control in state ";
  text += tcp.ca_state ? std::string(ca_state_name(*tcp.ca_state)) : "unavailable";
  return text;
}

std::string round_trip(const TcpInfo& tcp) {
  if (!tcp.rtt_us) return std::string(kUnavailable);
  std::string text = show_time_us(*tcp.rtt_us) + " smoothed";
  if (tcp.rttvar_us) text += ", variation " + show_time_us(*tcp.rttvar_us);
  if (tcp.min_rtt_us) text += ", minimum " + show_time_us(*tcp.min_rtt_us);
  return text;
}

std::string segment_size(const TcpInfo& tcp) {
  std::string text = show(tcp.snd_mss, "bytes");
  if (tcp.snd_mss && tcp.pmtu) text += fmt::format(" (path MTU {} bytes)", *tcp.pmtu);
  return text;
}

std::string congestion_window(const TcpInfo& tcp) {
  std::string text = show(tcp.snd_cwnd, "segments");
  if (tcp.snd_cwnd && tcp.snd_mss) text += " = " + show_size(*tcp.snd_cwnd * *tcp.snd_mss);
  return text;
}

std::string slow_start_threshold(const TcpInfo& tcp) {
  if (tcp.snd_ssthresh && *tcp.snd_ssthresh >= kInfiniteSsthresh)
    return "none yet (no loss so far: still in slow start)";
  return show(tcp.snd_ssthresh, "segments");
}

std::string segments(const TcpInfo& tcp) {
  std::string text = fmt::format("{} / {}", show(tcp.segs_out), show(tcp.segs_in));
  if (tcp.data_segs_out && tcp.data_segs_in)
    text += fmt::format(" (carrying data: {} / {})", *tcp.data_segs_out, *tcp.data_segs_in);
  return text;
}

std::string retransmitted(const TcpInfo& tcp) {
  if (!tcp.total_retrans) return std::string(kUnavailable);
  std::string text = fmt::format("{} in total", *tcp.total_retrans);
  if (tcp.bytes_retrans && *tcp.bytes_retrans != 0)
    text += fmt::format(" ({})", show_size(*tcp.bytes_retrans));
  text += ", " + show(tcp.retrans) + " not yet acknowledged";
  return text;
}

std::string timeouts(const TcpInfo& tcp) {
  if (!tcp.total_rto) return std::string(kUnavailable);
  std::string text = fmt::format("{} fired", *tcp.total_rto);
  if (tcp.total_rto_time_ms)
    text += ", " + show_time_us(*tcp.total_rto_time_ms * 1000) + " spent recovering";
  return text;
}

std::string reordering(const TcpInfo& tcp) {
  return fmt::format("{} segments arrived out of order, {} reordering events seen, tolerance {}",
                     show(tcp.rcv_ooopack), show(tcp.reord_seen), show(tcp.reordering));
}

std::string delivery_rate(const TcpInfo& tcp) {
  if (!tcp.delivery_rate) return std::string(kUnavailable);
  return show_rate(static_cast<double>(*tcp.delivery_rate) * 8.0) + " (the kernel's estimate)";
}

std::string sending_time(const TcpInfo& tcp) {
  return fmt::format("{} busy; limited by the peer's window {}, by our send buffer {}",
                     show_us(tcp.busy_time_us), show_us(tcp.rwnd_limited_us),
                     show_us(tcp.sndbuf_limited_us));
}

}  // namespace

std::vector<std::string> format_report(const ConnectionReport& report) {
  const TcpInfo& tcp = report.tcp;
  return {
      connection_title(report.role, report.local, report.peer),
      line("time to resolve the address", client_time(report.role, report.resolve_time)),
      line("time to connect (handshake)", client_time(report.role, report.connect_time)),
      line("duration", show_time(report.duration)),
      line("sent", transfer(report.bytes_sent, report.duration)),
      line("received", transfer(report.bytes_received, report.duration)),
      line("segments sent / received", segments(tcp)),
      line("acknowledged by the peer", acknowledged(tcp)),
      line("state", state(tcp)),
      line("round-trip time (RTT)", round_trip(tcp)),
      line("retransmission timeout (RTO)", show_us(tcp.rto_us)),
      line("maximum segment size (MSS)", segment_size(tcp)),
      line("congestion window (cwnd)", congestion_window(tcp)),
      line("slow-start threshold", slow_start_threshold(tcp)),
      line("segments in flight", show(tcp.unacked)),
      line("waiting in our send buffer", show_bytes(tcp.notsent_bytes)),
      line("retransmitted segments", retransmitted(tcp)),
      line("retransmission timeouts", timeouts(tcp)),
      line("needless retransmissions",
           show(tcp.dsack_dups, "(duplicates the peer reported: D-SACK)")),
      line("segments presumed lost now", show(tcp.lost)),
      line("reordering", reordering(tcp)),
      line("peer's receive window", show_bytes(tcp.snd_wnd)),
      line("our receive window", show_bytes(tcp.rcv_wnd)),
      line("delivery rate", delivery_rate(tcp)),
      line("time sending", sending_time(tcp)),
  };
}

std::string format_interval(const IntervalReport& report) {
  const Microseconds length = report.end - report.start;
  const std::string retransmits =
      report.retransmits ? fmt::format("{}", *report.retransmits) : std::string(kUnavailable);
  return fmt::format(
      "[{:7.2f}-{:7.2f} s]  sent {:>10} {:>12}  received {:>10} {:>12}  retransmits {}  "
      "cwnd {}  rtt {}",
      static_cast<double>(report.start.count()) / 1e6,
      static_cast<double>(report.end.count()) / 1e6, show_size(report.bytes_sent),
      show_rate(bits_per_second(report.bytes_sent, length)), show_size(report.bytes_received),
      show_rate(bits_per_second(report.bytes_received, length)), retransmits,
      show(report.tcp.snd_cwnd), show_us(report.tcp.rtt_us));
}

}  // namespace tcpc

// ---- UDP (tcpc/udp_stats.hpp) --------------------------------------------
namespace tcpc {
namespace {

std::string datagram_title(const DatagramReport& report) {
  const std::string here = report.local.empty() ? std::string("?") : report.local.to_string();
  if (report.role == Role::client)
    return fmt::format("UDP statistics: client {} -> server {}", here, report.peer.to_string());
  if (report.peer.empty()) return fmt::format("UDP statistics: server {}", here);
  return fmt::format("UDP statistics: server {} <- latest sender {}", here,
                     report.peer.to_string());
}

// "3 datagrams, 15 bytes, 240 bit/s".
std::string datagrams(std::uint64_t count, std::uint64_t bytes, Microseconds duration) {
  return fmt::format("{} {}, {}", count, count == 1 ? "datagram" : "datagrams",
                     transfer(bytes, duration));
}

}  // namespace

std::vector<std::string> format_datagram_report(const DatagramReport& report) {
  std::vector<std::string> lines{datagram_title(report)};
  if (report.role == Role::client)
    lines.push_back(
        line("time to resolve the address", client_time(report.role, report.resolve_time)));
  lines.push_back(line("duration", show_time(report.duration)));
  if (report.senders) lines.push_back(line("senders", fmt::format("{}", *report.senders)));
  lines.push_back(
      line("sent", datagrams(report.datagrams_sent, report.bytes_sent, report.duration)));
  lines.push_back(line(
      "received", datagrams(report.datagrams_received, report.bytes_received, report.duration)));
  lines.push_back(line("kernel figures", "none: UDP keeps no connection state (no TCP_INFO)"));
  return lines;
}

}  // namespace tcpc
