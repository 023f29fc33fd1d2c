// SPDX-License-Identifier: MIT
// The TCP_INFO reader. The Linux call is isolated in read_tcp_info; other
// systems get a TcpInfo whose fields are all unavailable.
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "stats/tcp_info_abi.hpp"
#include "tcpc/stats.hpp"

#ifdef __linux__
#include <netinet/in.h>
#include <netinet/tcp.h>  // TCP_INFO
#endif

namespace tcpc {
namespace detail {
namespace {

// Copies the field at `offset` out of the kernel's bytes, if it is all there.
template <class Kernel>
void take(TcpInfo::Field& out, std::span<const unsigned char> raw, std::size_t offset) {
  if (offset + sizeof(Kernel) > raw.size()) return;
  Kernel value;
  std::memcpy(&value, raw.data() + offset, sizeof value);
  out = value;
}

}  // namespace

TcpInfo parse_kernel_tcp_info(std::span<const unsigned char> raw) {
  TcpInfo info;
#define TCPC_TAKE(member, field) \
  take<decltype(KernelTcpInfo::field)>(info.member, raw, offsetof(KernelTcpInfo, field))
  TCPC_TAKE(state, tcpi_state);
  TCPC_TAKE(ca_state, tcpi_ca_state);
  TCPC_TAKE(rtt_us, tcpi_rtt);
  TCPC_TAKE(rttvar_us, tcpi_rttvar);
  TCPC_TAKE(min_rtt_us, tcpi_min_rtt);
  TCPC_TAKE(rto_us, tcpi_rto);
  TCPC_TAKE(snd_mss, tcpi_snd_mss);
  TCPC_TAKE(rcv_mss, tcpi_rcv_mss);
  TCPC_TAKE(pmtu, tcpi_pmtu);
  TCPC_TAKE(snd_cwnd, tcpi_snd_cwnd);
  TCPC_TAKE(snd_ssthresh, tcpi_snd_ssthresh);
  TCPC_TAKE(snd_wnd, tcpi_snd_wnd);
  TCPC_TAKE(rcv_wnd, tcpi_rcv_wnd);
  TCPC_TAKE(unacked, tcpi_unacked);
  TCPC_TAKE(notsent_bytes, tcpi_notsent_bytes);
  TCPC_TAKE(lost, tcpi_lost);
  TCPC_TAKE(retrans, tcpi_retrans);
  TCPC_TAKE(total_retrans, tcpi_total_retrans);
  TCPC_TAKE(bytes_retrans, tcpi_bytes_retrans);
  TCPC_TAKE(total_rto, tcpi_total_rto);
  TCPC_TAKE(total_rto_recoveries, tcpi_total_rto_recoveries);
  TCPC_TAKE(total_rto_time_ms, tcpi_total_rto_time);
  TCPC_TAKE(reordering, tcpi_reordering);
  TCPC_TAKE(reord_seen, tcpi_reord_seen);
  TCPC_TAKE(rcv_ooopack, tcpi_rcv_ooopack);
  TCPC_TAKE(dsack_dups, tcpi_dsack_dups);
  TCPC_TAKE(bytes_sent, tcpi_bytes_sent);
  TCPC_TAKE(bytes_acked, tcpi_bytes_acked);
  TCPC_TAKE(bytes_received, tcpi_bytes_received);
  TCPC_TAKE(segs_out, tcpi_segs_out);
  TCPC_TAKE(segs_in, tcpi_segs_in);
  TCPC_TAKE(data_segs_out, tcpi_data_segs_out);
  TCPC_TAKE(data_segs_in, tcpi_data_segs_in);
  TCPC_TAKE(delivery_rate, tcpi_delivery_rate);
  TCPC_TAKE(busy_time_us, tcpi_busy_time);
  TCPC_TAKE(rwnd_limited_us, tcpi_rwnd_limited);
  TCPC_TAKE(sndbuf_limited_us, tcpi_sndbuf_limited);
#undef TCPC_TAKE
  return info;
}

}  // namespace detail

Result<TcpInfo> read_tcp_info(int fd) {
#ifdef __linux__
  detail::KernelTcpInfo kernel{};
  socklen_t length = sizeof kernel;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &kernel, &length) != 0) {
    return system_error(errno, Operation::system_call, "getsockopt TCP_INFO");
  }
  if (length > sizeof kernel) length = sizeof kernel;
  return detail::parse_kernel_tcp_info(
      std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(&kernel), length));
#else
  (void)fd;
  return TcpInfo{};
#endif
}

}  // namespace tcpc
