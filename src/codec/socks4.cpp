// SPDX-License-Identifier: MIT
// SOCKS4 as OpenBSD nc speaks it: CONNECT to an IPv4 address the client
// resolved itself (no SOCKS4a host names), then an 8-byte reply.
#include <arpa/inet.h>

#include "codec/proxy_reply.hpp"

namespace tcpc::proxy {
namespace {

using detail::byte_at;
using detail::need;

constexpr std::uint8_t kVersion = 4;
constexpr std::uint8_t kConnect = 1;
constexpr std::uint8_t kGranted = 90;

const char* reply_meaning(std::uint8_t reply) {
  switch (reply) {
    case 91:
      return "request rejected or failed";
    case 92:
      return "no identd on the client";
    case 93:
      return "identd reported another user";
    default:
      return "unknown reply";
  }
}

}  // namespace

Result<std::string> socks4_connect_request(const Target& target, std::string_view user) {
  in_addr ipv4{};
  if (::inet_pton(AF_INET, target.host.c_str(), &ipv4) != 1) {
    return Error(errc::invalid_host, Operation::proxy, {}, Reason::socks4_ipv4_only,
                 {to_string(target)});
  }
  if (user.size() > 255) {
    return Error(errc::invalid_argument, Operation::proxy, {}, Reason::too_long, {"username"});
  }
  std::string out{static_cast<char>(kVersion), static_cast<char>(kConnect),
                  static_cast<char>(target.port >> 8), static_cast<char>(target.port & 0xff)};
  out.append(reinterpret_cast<const char*>(&ipv4), sizeof ipv4);
  out += user;
  out += '\0';
  return out;
}

Result<Reply> socks4_connect_reply(std::span<const char> bytes, const Target& target,
                                   std::string_view proxy) {
  if (bytes.size() < 2) return need(2, bytes.size());
  // The reply's version byte is 0; some servers echo 4.
  if (byte_at(bytes, 0) != 0 && byte_at(bytes, 0) != kVersion) {
    return detail::malformed(proxy, "SOCKS4");
  }
  if (const std::uint8_t reply = byte_at(bytes, 1); reply != kGranted) {
    return detail::proxy_error(
        errc::proxy_failure, proxy, Reason::socks_reply,
        {to_string(target), reply_meaning(reply), "4", std::to_string(reply)});
  }
  return need(8, bytes.size());
}

}  // namespace tcpc::proxy
