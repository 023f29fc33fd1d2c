// SPDX-License-Identifier: MIT
// Internal: Linux's struct tcp_info as the kernel lays it out, so that tcpc
// reads fields newer than the headers it was built with (the kernel only
// ever appends to it). The kernel copies min(our size, its size) bytes and
// says how many: a field is available only if it lies entirely within them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "tcpc/stats.hpp"

namespace tcpc::detail {

struct KernelTcpInfo {
  std::uint8_t tcpi_state;
  std::uint8_t tcpi_ca_state;
  std::uint8_t tcpi_retransmits;
  std::uint8_t tcpi_probes;
  std::uint8_t tcpi_backoff;
  std::uint8_t tcpi_options;
  std::uint8_t tcpi_wscale;       // snd_wscale : 4, rcv_wscale : 4
  std::uint8_t tcpi_app_limited;  // delivery_rate_app_limited : 1, fastopen_client_fail : 2

  std::uint32_t tcpi_rto;
  std::uint32_t tcpi_ato;
  std::uint32_t tcpi_snd_mss;
  std::uint32_t tcpi_rcv_mss;

  std::uint32_t tcpi_unacked;
  std::uint32_t tcpi_sacked;
  std::uint32_t tcpi_lost;
  std::uint32_t tcpi_retrans;
  std::uint32_t tcpi_fackets;

  std::uint32_t tcpi_last_data_sent;
  std::uint32_t tcpi_last_ack_sent;
  std::uint32_t tcpi_last_data_recv;
  std::uint32_t tcpi_last_ack_recv;

  std::uint32_t tcpi_pmtu;
  std::uint32_t tcpi_rcv_ssthresh;
  std::uint32_t tcpi_rtt;
  std::uint32_t tcpi_rttvar;
  std::uint32_t tcpi_snd_ssthresh;
  std::uint32_t tcpi_snd_cwnd;
  std::uint32_t tcpi_advmss;
  std::uint32_t tcpi_reordering;

  std::uint32_t tcpi_rcv_rtt;
  std::uint32_t tcpi_rcv_space;

  std::uint32_t tcpi_total_retrans;  // the end of the struct before Linux 3.15

  std::uint64_t tcpi_pacing_rate;
  std::uint64_t tcpi_max_pacing_rate;
  std::uint64_t tcpi_bytes_acked;     // 4.1
  std::uint64_t tcpi_bytes_received;  // 4.1
  std::uint32_t tcpi_segs_out;        // 4.2
  std::uint32_t tcpi_segs_in;         // 4.2

  std::uint32_t tcpi_notsent_bytes;  // 4.6
  std::uint32_t tcpi_min_rtt;
  std::uint32_t tcpi_data_segs_in;
  std::uint32_t tcpi_data_segs_out;

  std::uint64_t tcpi_delivery_rate;  // 4.9

  std::uint64_t tcpi_busy_time;  // 4.10
  std::uint64_t tcpi_rwnd_limited;
  std::uint64_t tcpi_sndbuf_limited;

  std::uint32_t tcpi_delivered;  // 4.18
  std::uint32_t tcpi_delivered_ce;

  std::uint64_t tcpi_bytes_sent;  // 4.19
  std::uint64_t tcpi_bytes_retrans;
  std::uint32_t tcpi_dsack_dups;
  std::uint32_t tcpi_reord_seen;

  std::uint32_t tcpi_rcv_ooopack;  // 5.4

  std::uint32_t tcpi_snd_wnd;  // 5.4
  std::uint32_t tcpi_rcv_wnd;  // 6.2

  std::uint32_t tcpi_rehash;  // 6.2

  std::uint16_t tcpi_total_rto;  // 6.7
  std::uint16_t tcpi_total_rto_recoveries;
  std::uint32_t tcpi_total_rto_time;
};

// The kernel's ABI, checked against include/uapi/linux/tcp.h: a mistake in
// the mirror above would read the wrong bytes without any other warning.
static_assert(offsetof(KernelTcpInfo, tcpi_rto) == 8);
static_assert(offsetof(KernelTcpInfo, tcpi_rtt) == 68);
static_assert(offsetof(KernelTcpInfo, tcpi_total_retrans) == 100);
static_assert(offsetof(KernelTcpInfo, tcpi_bytes_acked) == 120);
static_assert(offsetof(KernelTcpInfo, tcpi_segs_out) == 136);
static_assert(offsetof(KernelTcpInfo, tcpi_delivery_rate) == 160);
static_assert(offsetof(KernelTcpInfo, tcpi_busy_time) == 168);
static_assert(offsetof(KernelTcpInfo, tcpi_bytes_sent) == 200);
static_assert(offsetof(KernelTcpInfo, tcpi_rcv_ooopack) == 224);
static_assert(offsetof(KernelTcpInfo, tcpi_snd_wnd) == 228);
static_assert(offsetof(KernelTcpInfo, tcpi_rcv_wnd) == 232);
static_assert(offsetof(KernelTcpInfo, tcpi_total_rto) == 240);
static_assert(offsetof(KernelTcpInfo, tcpi_total_rto_time) == 244);
static_assert(sizeof(KernelTcpInfo) == 248);

// Decodes the first `raw.size()` bytes the kernel returned; fields that do
// not fit in them stay empty. Portable: it only reads bytes.
TcpInfo parse_kernel_tcp_info(std::span<const unsigned char> raw);

}  // namespace tcpc::detail
