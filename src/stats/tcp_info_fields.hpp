// SPDX-License-Identifier: MIT
// Internal: every TcpInfo field with its JSON key, in the order of
// docs/stats.md. One list, so JSON output and TcpInfo::any() cannot drift
// apart when a field is added.
#pragma once

#include <cstdint>
#include <string_view>

#include "tcpc/stats.hpp"

namespace tcpc::detail {

struct TcpInfoField {
  std::string_view key;
  TcpInfo::Field TcpInfo::*member;
  // Renders the number as a name in JSON (state, ca_state); null: a number.
  std::string_view (*name)(std::uint64_t) = nullptr;
};

inline constexpr TcpInfoField kTcpInfoFields[] = {
    {"state", &TcpInfo::state, tcp_state_name},
    {"ca_state", &TcpInfo::ca_state, ca_state_name},
    {"rtt_us", &TcpInfo::rtt_us},
    {"rttvar_us", &TcpInfo::rttvar_us},
    {"min_rtt_us", &TcpInfo::min_rtt_us},
    {"rto_us", &TcpInfo::rto_us},
    {"snd_mss", &TcpInfo::snd_mss},
    {"rcv_mss", &TcpInfo::rcv_mss},
    {"pmtu", &TcpInfo::pmtu},
    {"snd_cwnd", &TcpInfo::snd_cwnd},
    {"snd_ssthresh", &TcpInfo::snd_ssthresh},
    {"snd_wnd", &TcpInfo::snd_wnd},
    {"rcv_wnd", &TcpInfo::rcv_wnd},
    {"unacked", &TcpInfo::unacked},
    {"notsent_bytes", &TcpInfo::notsent_bytes},
    {"lost", &TcpInfo::lost},
    {"retrans", &TcpInfo::retrans},
    {"total_retrans", &TcpInfo::total_retrans},
    {"bytes_retrans", &TcpInfo::bytes_retrans},
    {"total_rto", &TcpInfo::total_rto},
    {"total_rto_recoveries", &TcpInfo::total_rto_recoveries},
    {"total_rto_time_ms", &TcpInfo::total_rto_time_ms},
    {"reordering", &TcpInfo::reordering},
    {"reord_seen", &TcpInfo::reord_seen},
    {"rcv_ooopack", &TcpInfo::rcv_ooopack},
    {"dsack_dups", &TcpInfo::dsack_dups},
    {"bytes_sent", &TcpInfo::bytes_sent},
    {"bytes_acked", &TcpInfo::bytes_acked},
    {"bytes_received", &TcpInfo::bytes_received},
    {"segs_out", &TcpInfo::segs_out},
    {"segs_in", &TcpInfo::segs_in},
    {"data_segs_out", &TcpInfo::data_segs_out},
    {"data_segs_in", &TcpInfo::data_segs_in},
    {"delivery_rate", &TcpInfo::delivery_rate},
    {"busy_time_us", &TcpInfo::busy_time_us},
    {"rwnd_limited_us", &TcpInfo::rwnd_limited_us},
    {"sndbuf_limited_us", &TcpInfo::sndbuf_limited_us},
};

}  // namespace tcpc::detail
