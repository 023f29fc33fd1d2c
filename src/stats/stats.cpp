// SPDX-License-Identifier: MIT
// Connection and interval reports: collecting them (report_for, StatsMeter).
// Text is in stats_text.cpp, JSON in stats_json.cpp.
#include <algorithm>
#include <array>
#include <thread>

#include "stats/tcp_info_fields.hpp"
#include "tcpc/stats.hpp"

namespace tcpc {

bool TcpInfo::any() const {
  return std::any_of(
      std::begin(detail::kTcpInfoFields), std::end(detail::kTcpInfoFields),
      [this](const detail::TcpInfoField& field) { return (this->*field.member).has_value(); });
}

std::string_view tcp_state_name(std::uint64_t state) {
  // Linux's numbering (include/net/tcp_states.h), which is also RFC 793's order.
  static constexpr std::array<std::string_view, 12> kNames = {
      "unknown",   "ESTABLISHED", "SYN_SENT",   "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
      "TIME_WAIT", "CLOSE",       "CLOSE_WAIT", "LAST_ACK", "LISTEN",    "CLOSING"};
  return state < kNames.size() ? kNames[state] : "unknown";
}

std::string_view ca_state_name(std::uint64_t ca_state) {
  static constexpr std::array<std::string_view, 5> kNames = {"open", "disorder", "cwr", "recovery",
                                                             "loss"};
  return ca_state < kNames.size() ? kNames[ca_state] : "unknown";
}

ConnectionReport report_for(const Socket& socket, Role role) {
  ConnectionReport report;
  report.role = role;
  report.peer = socket.peer();
  if (auto local = socket.local_endpoint()) report.local = *local;
  if (auto info = read_tcp_info(socket.fd())) report.tcp = *info;
  return report;
}

std::optional<double> bits_per_second(std::uint64_t bytes, Microseconds duration) {
  if (duration.count() <= 0) return std::nullopt;
  return static_cast<double>(bytes) * 8.0 * 1e6 / static_cast<double>(duration.count());
}

StatsMeter::StatsMeter(const Socket& socket, Role role, IntervalSink on_interval)
    : socket_(socket),
      role_(role),
      on_interval_(std::move(on_interval)),
      start_(Clock::now()),
      interval_start_(start_) {
  // Retransmissions during the handshake count before the first interval.
  if (auto info = read_tcp_info(socket_.fd())) last_total_retrans_ = info->total_retrans;
}

Microseconds StatsMeter::since_start(Clock::time_point when) const {
  return std::chrono::duration_cast<Microseconds>(when - start_);
}

void StatsMeter::on_received(std::string_view bytes) {
  received_ += bytes.size();
  interval_received_ += bytes.size();
}

void StatsMeter::on_sent(std::string_view bytes) {
  sent_ += bytes.size();
  interval_sent_ += bytes.size();
}

void StatsMeter::on_tick() {
  const auto now = Clock::now();
  IntervalReport interval;
  interval.role = role_;
  interval.peer = socket_.peer();
  if (auto local = socket_.local_endpoint()) interval.local = *local;
  interval.start = since_start(interval_start_);
  interval.end = since_start(now);
  interval.bytes_sent = interval_sent_;
  interval.bytes_received = interval_received_;
  if (auto info = read_tcp_info(socket_.fd())) interval.tcp = *info;
  if (interval.tcp.total_retrans && last_total_retrans_) {
    interval.retransmits = *interval.tcp.total_retrans - *last_total_retrans_;
  }
  last_total_retrans_ = interval.tcp.total_retrans;
  interval_start_ = now;
  interval_sent_ = 0;
  interval_received_ = 0;
  if (on_interval_) on_interval_(interval);
}

ConnectionReport StatsMeter::report(Clock::time_point end) const {
  ConnectionReport report = report_for(socket_, role_);
  report.duration = since_start(end);
  report.bytes_sent = sent_;
  report.bytes_received = received_;
  return report;
}

bool StatsMeter::wait_until_acknowledged(Milliseconds limit) const {
  // There is no event for "everything acknowledged": ask the kernel again
  // every few milliseconds.
  constexpr Milliseconds kPollEvery{5};
  const auto deadline = Clock::now() + limit;
  for (;;) {
    auto info = read_tcp_info(socket_.fd());
    if (!info || !info->unacked) return false;
    // Data the peer's full window holds back is neither sent nor in flight.
    if (*info->unacked == 0 && info->notsent_bytes.value_or(0) == 0) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kPollEvery);
  }
}

}  // namespace tcpc
