// SPDX-License-Identifier: MIT
// Step 2 of the tutorial: turn the user's "IP and port" into socket
// addresses. Ports are strict (1-65535 or a service name); hosts go through
// getaddrinfo, so literal IPv4/IPv6 addresses need no DNS.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/result.hpp"

namespace tcpc {

// One socket address (IPv4, IPv6 or a Unix path), copyable, printable.
class Endpoint {
 public:
  Endpoint() = default;
  Endpoint(const sockaddr* address, socklen_t length);

  // A Unix domain socket path; fails if it is empty or too long.
  static Result<Endpoint> unix_path(std::string_view path);

  int family() const noexcept { return storage_.ss_family; }
  bool empty() const noexcept { return length_ == 0; }
  const sockaddr* data() const noexcept { return reinterpret_cast<const sockaddr*>(&storage_); }
  socklen_t size() const noexcept { return length_; }

  std::uint16_t port() const noexcept;  // 0 for Unix paths
  std::string host() const;             // "127.0.0.1", "::1" or the path
  std::string to_string() const;        // "127.0.0.1:80", "[::1]:80" or the path

 private:
  sockaddr_storage storage_{};
  socklen_t length_ = 0;
};

enum class Family { any, ipv4, ipv6 };

struct ResolveOptions {
  Family family = Family::any;
  bool numeric_host = false;  // nc -n: never ask DNS
  bool passive = false;       // for bind(): an empty host means "any address"
  int socket_type = SOCK_STREAM;
};

// 1-65535 or a service name ("http"); "0" only with allow_zero (listening on
// an ephemeral port). Fails with errc::invalid_port and says why.
Result<std::uint16_t> parse_port(std::string_view text, bool allow_zero = false);

// The address to bind before connecting to `peer`: `local` itself, or, when
// `local` is the wildcard address of the other family (nc -p without -s),
// the wildcard of peer's family with the same port, as nc does.
Endpoint source_for(const Endpoint& local, const Endpoint& peer);

// Every address for host:port, in getaddrinfo's order. Errors read
// "resolve nosuch.invalid: Name or service not known".
Result<std::vector<Endpoint>> resolve(std::string_view host, std::uint16_t port,
                                      const ResolveOptions& options = {});

}  // namespace tcpc
