// SPDX-License-Identifier: MIT
// Small socket options, one function each, on any socket descriptor (TCP or
// UDP, IPv4 or IPv6): what nc's -b -D -I -O -T -M -m set, and the RST close
// of a denied client. Each names what it set when it fails. Options that a
// system lacks (IP_MINTTL outside Linux and the BSDs) fail with ENOPROTOOPT
// rather than doing nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tcpc/result.hpp"

namespace tcpc {

// SO_LINGER {on, 0}: close() then sends an RST and drops what is queued.
Result<void> set_reset_on_close(int fd);
// SO_BROADCAST (nc -b): a UDP socket may send to a broadcast address.
Result<void> set_broadcast(int fd, bool on);
// SO_DEBUG (nc -D); Linux wants CAP_NET_ADMIN for it.
Result<void> set_debug(int fd, bool on);
// SO_RCVBUF / SO_SNDBUF (nc -I / -O), in bytes; the kernel may double or clamp them.
Result<void> set_receive_buffer(int fd, int bytes);
Result<void> set_send_buffer(int fd, int bytes);
// What the kernel made of them (getsockopt).
Result<int> receive_buffer(int fd);
Result<int> send_buffer(int fd);
// IP_TOS, or IPV6_TCLASS on an IPv6 socket (nc -T): the whole byte, DSCP << 2.
Result<void> set_traffic_class(int fd, int value);
// IP_TTL / IPV6_UNICAST_HOPS (nc -M).
Result<void> set_ttl(int fd, int hops);
// IP_MINTTL / IPV6_MINHOPCOUNT (nc -m): packets that arrive with fewer hops
// left are dropped (RFC 5082).
Result<void> set_min_ttl(int fd, int hops);

// TCP_MD5SIG (RFC 2385; nc -S): every segment to and from any peer is
// signed with `key` (1-80 bytes), and unsigned or wrongly signed ones are
// dropped. Set on a client before it connects, on a listener before it
// accepts; on an IPv6 socket it covers IPv4-mapped peers too. Linux only
// (TCP_MD5SIG_EXT, 4.13 on): ENOPROTOOPT elsewhere.
Result<void> set_md5_key(int fd, std::string_view key);

// The options above as one value, for a socket about to connect or to be
// used (ConnectOptions::settings; the CLI's -b -D -I -O -T -M -m).
struct SocketSettings {
  std::optional<int> receive_buffer;  // -I
  std::optional<int> send_buffer;     // -O
  std::optional<int> traffic_class;   // -T
  std::optional<int> ttl;             // -M
  std::optional<int> min_ttl;         // -m
  bool debug = false;                 // -D
  bool broadcast = false;             // -b
  std::string md5_key;                // -S; empty: none
  bool empty() const noexcept {
    return !receive_buffer && !send_buffer && !traffic_class && !ttl && !min_ttl && !debug &&
           !broadcast && md5_key.empty();
  }
};
// Sets each one given, in the order above; stops at the first failure.
Result<void> apply(int fd, const SocketSettings& settings);

// nc -T's value: a keyword (lowdelay, throughput, reliability, critical,
// inetcontrol, netcontrol, af11..af43, cs0..cs7, ef, va) or a number from 0
// to 255 (decimal or 0x hex), as OpenBSD nc's map_tos() reads it. nullopt
// for anything else.
std::optional<int> parse_traffic_class(std::string_view text);

}  // namespace tcpc
