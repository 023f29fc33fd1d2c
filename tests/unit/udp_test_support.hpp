// SPDX-License-Identifier: MIT
// Loopback UDP sockets for the UDP tests: bound to port 0, read back, and a
// receive that fails the test instead of hanging.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "tcpc/udp.hpp"
#include "test_support.hpp"

namespace tcpc::test {

inline UdpSocket bind_loopback(std::string_view host = "127.0.0.1") {
  ResolveOptions options;
  options.socket_type = SOCK_DGRAM;
  auto endpoints = resolve(host, 0, options);
  if (!endpoints) throw endpoints.error();
  auto socket = UdpSocket::bind(*endpoints);
  if (!socket) throw socket.error();
  return std::move(*socket);
}

inline Endpoint local_of(const UdpSocket& socket) {
  return socket.local_endpoint().value();
}

// Receives one datagram, failing the test instead of hanging.
inline Datagram receive(UdpSocket& socket) {
  auto ready = socket.wait_readable(kPatience);
  EXPECT_TRUE(ready.ok() && *ready) << "no datagram arrived";
  if (!ready.ok() || !*ready) return {};
  auto datagram = socket.recv_from();
  EXPECT_TRUE(datagram.ok()) << datagram.error().message();
  return datagram.ok() ? std::move(*datagram) : Datagram{};
}

}  // namespace tcpc::test
