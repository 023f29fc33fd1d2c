// SPDX-License-Identifier: MIT
// SOCKS5, RFC 1928, and its username/password sub-negotiation, RFC 1929.
#include <arpa/inet.h>

#include "codec/proxy_reply.hpp"

namespace tcpc::proxy {
namespace {

using detail::byte_at;
using detail::need;

constexpr std::uint8_t kVersion = 5;
constexpr std::uint8_t kNoAcceptableMethod = 0xff;
constexpr std::uint8_t kConnect = 1;
constexpr std::uint8_t kIpv4 = 1;
constexpr std::uint8_t kDomainName = 3;
constexpr std::uint8_t kIpv6 = 4;

void append_port(std::string& out, std::uint16_t port) {
  out += static_cast<char>(port >> 8);
  out += static_cast<char>(port & 0xff);
}

// The reply codes of RFC 1928 section 6, and the errno-like code each maps
// to, so "host unreachable" through a proxy is a host unreachable error.
struct ReplyCode {
  const char* meaning;
  std::errc code;
};
ReplyCode reply_code(std::uint8_t reply) {
  switch (reply) {
    case 1:
      return {"general SOCKS server failure", std::errc::io_error};
    case 2:
      return {"connection not allowed by ruleset", std::errc::permission_denied};
    case 3:
      return {"network unreachable", std::errc::network_unreachable};
    case 4:
      return {"host unreachable", std::errc::host_unreachable};
    case 5:
      return {"connection refused", std::errc::connection_refused};
    case 6:
      return {"TTL expired", std::errc::timed_out};
    case 7:
      return {"command not supported", std::errc::operation_not_supported};
    case 8:
      return {"address type not supported", std::errc::address_family_not_supported};
    default:
      return {"unknown reply", std::errc::io_error};
  }
}

}  // namespace

std::string socks5_greeting(bool offer_password) {
  std::string out{static_cast<char>(kVersion)};
  if (offer_password) {
    out += {2, static_cast<char>(kNoAuthentication), static_cast<char>(kUsernamePassword)};
  } else {
    out += {1, static_cast<char>(kNoAuthentication)};
  }
  return out;
}

Result<Reply> socks5_method_reply(std::span<const char> bytes, bool offered_password,
                                  std::string_view proxy) {
  if (bytes.size() < 2) return need(2, bytes.size());
  if (byte_at(bytes, 0) != kVersion) return detail::malformed(proxy, "SOCKS5");
  const std::uint8_t method = byte_at(bytes, 1);
  if (method == kNoAuthentication || (offered_password && method == kUsernamePassword)) {
    return Reply{0, method};
  }
  const auto denied = std::make_error_code(std::errc::permission_denied);
  if (method == kNoAcceptableMethod && !offered_password) {
    return detail::proxy_error(denied, proxy, Reason::proxy_wants_auth, {}).with(Hint::proxy_user);
  }
  if (method == kNoAcceptableMethod) {
    return detail::proxy_error(denied, proxy, Reason::proxy_no_method, {});
  }
  return detail::proxy_error(denied, proxy, Reason::proxy_other_method, {detail::hex_byte(method)});
}

Result<std::string> socks5_password_request(std::string_view username, std::string_view password) {
  const auto too_long = [](const char* what) {
    return Error(errc::invalid_argument, Operation::proxy, {}, Reason::too_long, {what});
  };
  if (username.size() > 255) return too_long("username");
  if (password.size() > 255) return too_long("password");
  std::string out{1};  // the sub-negotiation's own version
  out += static_cast<char>(username.size());
  out += username;
  out += static_cast<char>(password.size());
  out += password;
  return out;
}

Result<Reply> socks5_password_reply(std::span<const char> bytes, std::string_view username,
                                    std::string_view proxy) {
  if (bytes.size() < 2) return need(2, bytes.size());
  // RFC 1929 says version 1; some proxies answer 5. Only the status matters.
  const std::uint8_t status = byte_at(bytes, 1);
  if (status == 0) return Reply{};
  return detail::proxy_error(std::make_error_code(std::errc::permission_denied), proxy,
                             Reason::proxy_auth_failed,
                             {std::string(username), detail::hex_byte(status)});
}

Result<std::string> socks5_connect_request(const Target& target) {
  std::string out{static_cast<char>(kVersion), static_cast<char>(kConnect), 0};
  in_addr ipv4{};
  in6_addr ipv6{};
  if (::inet_pton(AF_INET, target.host.c_str(), &ipv4) == 1) {
    out += static_cast<char>(kIpv4);
    out.append(reinterpret_cast<const char*>(&ipv4), sizeof ipv4);
  } else if (::inet_pton(AF_INET6, target.host.c_str(), &ipv6) == 1) {
    out += static_cast<char>(kIpv6);
    out.append(reinterpret_cast<const char*>(&ipv6), sizeof ipv6);
  } else {
    if (target.host.empty()) {
      return Error(errc::invalid_host, Operation::proxy, {}, Reason::empty_host, {});
    }
    if (target.host.size() > 255) {
      return Error(errc::invalid_host, Operation::proxy, {}, Reason::too_long, {"host name"});
    }
    out += static_cast<char>(kDomainName);
    out += static_cast<char>(target.host.size());
    out += target.host;
  }
  append_port(out, target.port);
  return out;
}

Result<Reply> socks5_connect_reply(std::span<const char> bytes, const Target& target,
                                   std::string_view proxy) {
  // A refusal is judged on its first two bytes: some proxies close without
  // sending the address that follows.
  if (bytes.size() < 2) return need(2, bytes.size());
  if (byte_at(bytes, 0) != kVersion) return detail::malformed(proxy, "SOCKS5");
  if (const std::uint8_t reply = byte_at(bytes, 1); reply != 0) {
    const ReplyCode meaning = reply_code(reply);
    return detail::proxy_error(std::make_error_code(meaning.code), proxy, Reason::socks_reply,
                               {to_string(target), meaning.meaning, "5", std::to_string(reply)});
  }
  // VER REP RSV ATYP, then the bound address and port, which we do not use.
  if (bytes.size() < 5) return need(5, bytes.size());
  switch (byte_at(bytes, 3)) {
    case kIpv4:
      return need(4 + 4 + 2, bytes.size());
    case kIpv6:
      return need(4 + 16 + 2, bytes.size());
    case kDomainName:
      return need(4 + 1 + byte_at(bytes, 4) + 2, bytes.size());
    default:
      return detail::malformed(proxy, "SOCKS5");
  }
}

}  // namespace tcpc::proxy
