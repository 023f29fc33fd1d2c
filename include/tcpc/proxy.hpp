// SPDX-License-Identifier: MIT
// Connecting through a proxy: SOCKS5, SOCKS4 or HTTP CONNECT, as nc -x/-X.
//   tcpc::Proxy proxy{tcpc::ProxyProtocol::socks5, "127.0.0.1", 1080};
//   auto socket = tcpc::connect(proxy, "example.com", 22, {std::chrono::seconds(5)});
// The socket is the tunnel: what is sent goes to example.com:22. Failures
// say which hop failed: "connect to proxy 127.0.0.1:1080: Connection
// refused", or the proxy's answer: "proxy 127.0.0.1:1080: cannot reach
// example.com:22: host unreachable (SOCKS5 reply 4)".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tcpc/address.hpp"
#include "tcpc/socket.hpp"

namespace tcpc {

enum class ProxyProtocol { socks5, socks4, http_connect };

struct Proxy {
  ProxyProtocol protocol = ProxyProtocol::socks5;
  std::string host;
  std::uint16_t port = 0;  // 0: the protocol's usual port (1080 SOCKS, 3128 HTTP)
  // SOCKS5: username/password authentication (RFC 1929) when a username is
  // given; HTTP CONNECT: Basic credentials; SOCKS4: the user id.
  std::string username;
  std::string password;
  // How the proxy's own name is resolved (and, for SOCKS4, the target's:
  // SOCKS4 carries an IPv4 address only).
  ResolveOptions resolve;
};

std::uint16_t default_port(ProxyProtocol protocol) noexcept;
std::string_view to_string(ProxyProtocol protocol) noexcept;  // "SOCKS5", "SOCKS4", "HTTP CONNECT"

// Connects to the proxy (options.timeout per proxy address, options.local
// as the source) and asks it for host:port, waiting up to options.timeout
// for each of its replies. SOCKS5 sends a host name to the proxy to
// resolve unless it is a numeric address.
Result<Socket> connect(const Proxy& proxy, std::string_view host, std::uint16_t port,
                       const ConnectOptions& options = {});

}  // namespace tcpc
