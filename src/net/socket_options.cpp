// SPDX-License-Identifier: MIT
#include "tcpc/socket_options.hpp"

#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>

namespace tcpc {
namespace {

Result<void> set_int(int fd, int level, int name, int value, const char* what) {
  if (::setsockopt(fd, level, name, &value, sizeof value) != 0)
    return system_error(errno, Operation::system_call, std::string("setsockopt ") + what);
  return {};
}

Result<int> get_int(int fd, int level, int name, const char* what) {
  int value = 0;
  socklen_t length = sizeof value;
  if (::getsockopt(fd, level, name, &value, &length) != 0)
    return system_error(errno, Operation::system_call, std::string("getsockopt ") + what);
  return value;
}

// The option belongs to the socket's own family: IPv6 sockets take the
// IPV6_ ones (nc does the same).
Result<bool> is_ipv6(int fd) {
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0)
    return system_error(errno, Operation::system_call, "getsockname");
  return local.ss_family == AF_INET6;
}

struct NamedClass {
  std::string_view name;
  int value;
};

// OpenBSD nc's map_tos(): the DSCP code points and the old precedence and
// TOS bits, as the whole TOS byte.
constexpr NamedClass kClasses[] = {
    {"af11", 0x28},       {"af12", 0x30},        {"af13", 0x38},        {"af21", 0x48},
    {"af22", 0x50},       {"af23", 0x58},        {"af31", 0x68},        {"af32", 0x70},
    {"af33", 0x78},       {"af41", 0x88},        {"af42", 0x90},        {"af43", 0x98},
    {"critical", 0xa0},   {"cs0", 0x00},         {"cs1", 0x20},         {"cs2", 0x40},
    {"cs3", 0x60},        {"cs4", 0x80},         {"cs5", 0xa0},         {"cs6", 0xc0},
    {"cs7", 0xe0},        {"ef", 0xb8},          {"inetcontrol", 0xc0}, {"lowdelay", 0x10},
    {"netcontrol", 0xe0}, {"reliability", 0x04}, {"throughput", 0x08},  {"va", 0xb0},
};

}  // namespace

Result<void> set_reset_on_close(int fd) {
  const linger abort_close{1, 0};
  if (::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof abort_close) != 0)
    return system_error(errno, Operation::system_call, "setsockopt SO_LINGER");
  return {};
}

Result<void> set_broadcast(int fd, bool on) {
  return set_int(fd, SOL_SOCKET, SO_BROADCAST, on ? 1 : 0, "SO_BROADCAST");
}

Result<void> set_debug(int fd, bool on) {
  return set_int(fd, SOL_SOCKET, SO_DEBUG, on ? 1 : 0, "SO_DEBUG");
}

Result<void> set_receive_buffer(int fd, int bytes) {
  return set_int(fd, SOL_SOCKET, SO_RCVBUF, bytes, "SO_RCVBUF");
}

Result<void> set_send_buffer(int fd, int bytes) {
  return set_int(fd, SOL_SOCKET, SO_SNDBUF, bytes, "SO_SNDBUF");
}

Result<int> receive_buffer(int fd) {
  return get_int(fd, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
}

Result<int> send_buffer(int fd) {
  return get_int(fd, SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF");
}

Result<void> set_traffic_class(int fd, int value) {
  auto v6 = is_ipv6(fd);
  if (!v6) return v6.error();
  if (*v6) return set_int(fd, IPPROTO_IPV6, IPV6_TCLASS, value, "IPV6_TCLASS");
  return set_int(fd, IPPROTO_IP, IP_TOS, value, "IP_TOS");
}

Result<void> set_ttl(int fd, int hops) {
  auto v6 = is_ipv6(fd);
  if (!v6) return v6.error();
  if (*v6) return set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, hops, "IPV6_UNICAST_HOPS");
  return set_int(fd, IPPROTO_IP, IP_TTL, hops, "IP_TTL");
}

Result<void> set_min_ttl(int fd, int hops) {
  auto v6 = is_ipv6(fd);
  if (!v6) return v6.error();
#if defined(IPV6_MINHOPCOUNT)
  if (*v6) return set_int(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, hops, "IPV6_MINHOPCOUNT");
#else
  if (*v6) return system_error(ENOPROTOOPT, Operation::system_call, "setsockopt IPV6_MINHOPCOUNT");
#endif
#if defined(IP_MINTTL)
  return set_int(fd, IPPROTO_IP, IP_MINTTL, hops, "IP_MINTTL");
#else
  return system_error(ENOPROTOOPT, Operation::system_call, "setsockopt IP_MINTTL");
#endif
}

Result<void> set_md5_key(int fd, std::string_view key) {
#if defined(TCP_MD5SIG_EXT) && defined(TCP_MD5SIG_FLAG_PREFIX)
  if (key.empty() || key.size() > TCP_MD5SIG_MAXKEYLEN)
    return Error(errc::invalid_argument, Operation::system_call, "setsockopt TCP_MD5SIG_EXT",
                 "the key must be 1 to " + std::to_string(TCP_MD5SIG_MAXKEYLEN) + " bytes");
  auto v6 = is_ipv6(fd);
  if (!v6) return v6.error();
  // Any peer: the family's wildcard address with a 0-bit prefix.
  auto add = [&](int family, unsigned prefix, bool mapped) -> Result<void> {
    tcp_md5sig sig{};
    sig.tcpm_addr.ss_family = static_cast<sa_family_t>(family);
    if (mapped) {
      auto* six = reinterpret_cast<sockaddr_in6*>(&sig.tcpm_addr);
      six->sin6_addr.s6_addr[10] = 0xff;
      six->sin6_addr.s6_addr[11] = 0xff;
    }
    sig.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
    sig.tcpm_prefixlen = static_cast<std::uint8_t>(prefix);
    sig.tcpm_keylen = static_cast<std::uint16_t>(key.size());
    std::memcpy(sig.tcpm_key, key.data(), key.size());
    if (::setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG_EXT, &sig, sizeof sig) != 0)
      return system_error(errno, Operation::system_call, "setsockopt TCP_MD5SIG_EXT");
    return {};
  };
  if (!*v6) return add(AF_INET, 0, false);
  if (auto set = add(AF_INET6, 0, false); !set) return set;
  // IPv4 clients of a dual-stack socket are looked up as IPv4: the mapped
  // wildcard, its prefix counted in IPv4 bits.
  return add(AF_INET6, 0, true);
#else
  (void)fd;
  (void)key;
  return system_error(ENOPROTOOPT, Operation::system_call, "setsockopt TCP_MD5SIG");
#endif
}

Result<void> apply(int fd, const SocketSettings& settings) {
  if (settings.receive_buffer) {
    if (auto set = set_receive_buffer(fd, *settings.receive_buffer); !set) return set;
  }
  if (settings.send_buffer) {
    if (auto set = set_send_buffer(fd, *settings.send_buffer); !set) return set;
  }
  if (settings.traffic_class) {
    if (auto set = set_traffic_class(fd, *settings.traffic_class); !set) return set;
  }
  if (settings.ttl) {
    if (auto set = set_ttl(fd, *settings.ttl); !set) return set;
  }
  if (settings.min_ttl) {
    if (auto set = set_min_ttl(fd, *settings.min_ttl); !set) return set;
  }
  if (settings.debug) {
    if (auto set = set_debug(fd, true); !set) return set;
  }
  if (settings.broadcast) {
    if (auto set = set_broadcast(fd, true); !set) return set;
  }
  if (!settings.md5_key.empty()) {
    if (auto set = set_md5_key(fd, settings.md5_key); !set) return set;
  }
  return {};
}

std::optional<int> parse_traffic_class(std::string_view text) {
  for (const NamedClass& named : kClasses) {
    if (named.name == text) return named.value;
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  int value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0 ||
      value > 255)
    return std::nullopt;
  return value;
}

}  // namespace tcpc
