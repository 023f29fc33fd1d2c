// SPDX-License-Identifier: MIT
#include "codec/proxy_reply.hpp"

#include <arpa/inet.h>

#include <cstdio>

namespace tcpc::proxy {

std::string to_string(const Target& target) {
  in6_addr ipv6{};
  const bool bracket = ::inet_pton(AF_INET6, target.host.c_str(), &ipv6) == 1;
  return (bracket ? "[" + target.host + "]" : target.host) + ":" + std::to_string(target.port);
}

namespace detail {

std::string hex_byte(std::uint8_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", value);
  return text;
}

Error proxy_error(std::error_code code, std::string_view proxy, Reason reason,
                  std::vector<std::string> values) {
  return Error(code, Operation::proxy, std::string(proxy), reason, std::move(values));
}

Error malformed(std::string_view proxy, std::string_view protocol) {
  return proxy_error(errc::proxy_failure, proxy, Reason::proxy_malformed, {std::string(protocol)});
}

}  // namespace detail
}  // namespace tcpc::proxy
