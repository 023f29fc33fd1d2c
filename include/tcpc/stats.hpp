// SPDX-License-Identifier: MIT
// What TCP did for one connection: the kernel's own bookkeeping (Linux
// getsockopt TCP_INFO: round-trip time, retransmissions, windows) plus what
// tcpc measures itself (time to resolve and to connect, bytes, throughput).
// Rendered as text for people and as JSON for scripts; the JSON schema is
// documented and versioned in docs/stats.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/address.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/result.hpp"
#include "tcpc/socket.hpp"

namespace tcpc {

using Microseconds = std::chrono::microseconds;

// Bumped whenever a JSON field changes meaning or disappears (docs/stats.md).
inline constexpr int kStatsSchemaVersion = 1;

// The kernel's figures for one TCP connection, named after Linux's
// tcpi_* fields. Each is empty when the running kernel does not report it
// (older kernels return a shorter struct; systems other than Linux report
// nothing): an unknown figure is never shown as 0.
struct TcpInfo {
  using Field = std::optional<std::uint64_t>;

  Field state;     // TCP state: 1 ESTABLISHED ... 11 CLOSING (see tcp_state_name)
  Field ca_state;  // congestion control: 0 open, 1 disorder, 2 cwr, 3 recovery, 4 loss

  // Timing, in microseconds.
  Field rtt_us;     // smoothed round-trip time
  Field rttvar_us;  // its mean deviation
  Field min_rtt_us;
  Field rto_us;  // retransmission timeout: how long to wait for an ACK

  // Sizes.
  Field snd_mss;       // largest segment we send (bytes)
  Field rcv_mss;       // largest segment seen from the peer (bytes)
  Field pmtu;          // path MTU (bytes)
  Field snd_cwnd;      // congestion window (segments)
  Field snd_ssthresh;  // slow-start threshold (segments); kInfiniteSsthresh: none yet
  Field snd_wnd;       // receive window the peer advertises: what it lets us send (bytes)
  Field rcv_wnd;       // receive window we advertise (bytes)

  // Loss and recovery.
  Field unacked;               // segments in flight, not yet acknowledged
  Field notsent_bytes;         // bytes queued but not sent yet (window full)
  Field lost;                  // segments presumed lost now
  Field retrans;               // retransmitted segments still unacknowledged
  Field total_retrans;         // segments retransmitted over the connection
  Field bytes_retrans;         // bytes retransmitted over the connection
  Field total_rto;             // retransmission timeouts that fired
  Field total_rto_recoveries;  // recoveries that those timeouts started
  Field total_rto_time_ms;     // time spent in those recoveries (milliseconds)
  Field reordering;            // reordering tolerance (segments)
  Field reord_seen;            // reordering events seen
  Field rcv_ooopack;           // segments that arrived out of order
  Field dsack_dups;            // segments the peer reported receiving twice (D-SACK)

  // Volume. These count sequence numbers, in which SYN and FIN take one
  // each: a client's bytes_acked ends as the data sent + 2 (its SYN and FIN;
  // Linux does not count a server's SYN), bytes_received as the data + 1
  // once the peer's FIN has arrived.
  Field bytes_sent;      // data bytes sent, retransmissions included
  Field bytes_acked;     // sequence space acknowledged by the peer
  Field bytes_received;  // sequence space received in order (+1 for the peer's FIN)
  Field segs_out;        // segments sent, pure ACKs included
  Field segs_in;         // segments received, pure ACKs included
  Field data_segs_out;   // segments sent that carried data
  Field data_segs_in;    // segments received that carried data

  // Rates and limits.
  Field delivery_rate;      // bytes per second, the kernel's latest estimate
  Field busy_time_us;       // time with data to send
  Field rwnd_limited_us;    // ... of which stalled by the peer's receive window
  Field sndbuf_limited_us;  // ... of which stalled by our send buffer

  // True if the kernel reported anything at all.
  bool any() const;
};

// The kernel's snd_ssthresh before the first loss: no threshold yet, the
// connection is still in its initial slow start.
inline constexpr std::uint64_t kInfiniteSsthresh = 0x7fffffff;

// "ESTABLISHED", "FIN_WAIT2", ...; "unknown" for other numbers.
std::string_view tcp_state_name(std::uint64_t state);
// "open", "disorder", "cwr", "recovery", "loss"; "unknown" for others.
std::string_view ca_state_name(std::uint64_t ca_state);

// The kernel's figures for a connected TCP socket, now. On systems without
// TCP_INFO every field is empty. Fails if the descriptor is not a TCP socket.
Result<TcpInfo> read_tcp_info(int fd);

enum class Role { client, server };

// Everything known about one connection, at its end (or at any moment: the
// interactive session's /stats).
struct ConnectionReport {
  Role role = Role::client;
  Endpoint local;
  Endpoint peer;
  std::optional<Microseconds> resolve_time;  // client: getaddrinfo
  std::optional<Microseconds> connect_time;  // client: connect(), the three-way handshake
  Microseconds duration{0};                  // from connected until now
  std::uint64_t bytes_sent = 0;              // as the application wrote them
  std::uint64_t bytes_received = 0;          // as the application read them
  TcpInfo tcp;
};

// Role, addresses and TCP_INFO of `socket`, now; the caller fills in the
// times and byte counts it measured. A socket without TCP_INFO (a Unix
// socket, another system) gets a report whose kernel figures are unavailable.
ConnectionReport report_for(const Socket& socket, Role role);

// bytes * 8 / duration; empty for a zero duration.
std::optional<double> bits_per_second(std::uint64_t bytes, Microseconds duration);

// One line per interval of a long transfer, like iperf3's.
struct IntervalReport {
  Role role = Role::client;
  Endpoint local;
  Endpoint peer;
  Microseconds start{0};  // since the connection was established
  Microseconds end{0};
  std::uint64_t bytes_sent = 0;  // during this interval
  std::uint64_t bytes_received = 0;
  std::optional<std::uint64_t> retransmits;  // segments retransmitted during this interval
  TcpInfo tcp;                               // the kernel's figures at the interval's end
};

// The report as text lines for a person, one figure per line, with units;
// what the kernel did not report reads "unavailable".
std::vector<std::string> format_report(const ConnectionReport& report);
// The interval as one line of text.
std::string format_interval(const IntervalReport& report);

// The report as one line of JSON (schema in docs/stats.md).
std::string report_json(const ConnectionReport& report);
std::string interval_json(const IntervalReport& report);

// Watches a relay (set it as RelayOptions::observer): counts the bytes each
// way and, on every tick, hands an IntervalReport to `on_interval`. At the
// end, report() gives the whole connection. `socket` must outlive the meter.
class StatsMeter : public RelayObserver {
 public:
  using Clock = std::chrono::steady_clock;
  using IntervalSink = std::function<void(const IntervalReport&)>;

  StatsMeter(const Socket& socket, Role role, IntervalSink on_interval = {});

  void on_received(std::string_view bytes) override;
  void on_sent(std::string_view bytes) override;
  void on_tick() override;

  std::uint64_t bytes_sent() const noexcept { return sent_; }
  std::uint64_t bytes_received() const noexcept { return received_; }
  // Counts, the duration from construction until `end`, and TCP_INFO now.
  ConnectionReport report(Clock::time_point end = Clock::now()) const;
  // Waits up to `limit` until the peer has acknowledged everything sent
  // (data the relay handed over may still be in flight), so that a final
  // report covers the whole transfer. False if it has not by then, or if
  // the kernel does not say.
  bool wait_until_acknowledged(Milliseconds limit) const;

 private:
  Microseconds since_start(Clock::time_point when) const;

  const Socket& socket_;
  Role role_;
  IntervalSink on_interval_;
  Clock::time_point start_;
  Clock::time_point interval_start_;
  std::uint64_t sent_ = 0;
  std::uint64_t received_ = 0;
  std::uint64_t interval_sent_ = 0;
  std::uint64_t interval_received_ = 0;
  std::optional<std::uint64_t> last_total_retrans_;
};

}  // namespace tcpc
