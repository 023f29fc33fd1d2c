// SPDX-License-Identifier: MIT
#include "tcpc/udp.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>

#include <chrono>
#include <string>

#include "test_support.hpp"
#include "udp_test_support.hpp"

namespace tcpc {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;

using test::bind_loopback;
using test::local_of;
using test::receive;

bool ipv6_loopback_works() {
  Fd fd(::socket(AF_INET6, SOCK_DGRAM, 0));
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_loopback;
  return fd && ::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
}

TEST(UdpSocketTest, BindPortZeroReadsBackARealPort) {
  UdpSocket server = bind_loopback();
  EXPECT_NE(local_of(server).port(), 0);
  EXPECT_EQ(local_of(server).host(), "127.0.0.1");
}

TEST(UdpSocketTest, DatagramsKeepTheirBoundariesAndSender) {
  UdpSocket server = bind_loopback();
  auto client = UdpSocket::open(AF_INET);
  ASSERT_TRUE(client.ok()) << client.error().message();
  const Endpoint to = local_of(server);
  ASSERT_TRUE(client->send_to("first", to).ok());
  ASSERT_TRUE(client->send_to("", to).ok());  // an empty datagram is still one
  ASSERT_TRUE(client->send_to("third\0x"s, to).ok());

  // Unconnected, the client is bound to 0.0.0.0:port; it sends from 127.0.0.1:port.
  const std::uint16_t from = client->local_endpoint().value().port();
  for (const std::string expected : {"first"s, ""s, "third\0x"s}) {
    Datagram datagram = receive(server);
    EXPECT_EQ(datagram.data, expected);
    EXPECT_EQ(datagram.sender.to_string(), "127.0.0.1:" + std::to_string(from));
  }
}

TEST(UdpSocketTest, ReplyGoesBackToTheSender) {
  UdpSocket server = bind_loopback();
  auto client = UdpSocket::open(AF_INET);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->connect(local_of(server)).ok());
  ASSERT_TRUE(client->send_to("ping", client->peer()).ok());
  Datagram request = receive(server);
  ASSERT_EQ(request.data, "ping");
  ASSERT_TRUE(server.send_to("pong", request.sender).ok());
  Datagram reply = receive(*client);
  EXPECT_EQ(reply.data, "pong");
  EXPECT_EQ(reply.sender.to_string(), local_of(server).to_string());
}

TEST(UdpSocketTest, LargestDatagramArrivesWhole) {
  UdpSocket server = bind_loopback();
  auto client = UdpSocket::open(AF_INET);
  ASSERT_TRUE(client.ok());
  const std::string big = test::random_bytes(kMaxDatagram, 7);
  auto sent = client->send_to(big, local_of(server));
  ASSERT_TRUE(sent.ok()) << sent.error().message();
  EXPECT_EQ(receive(server).data, big);
  auto too_big = client->send_to(big + "x", local_of(server));
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(too_big.error().message().find(local_of(server).to_string()), std::string::npos);
}

TEST(UdpSocketTest, NobodyListeningIsRefusedAndNamesThePeer) {
  Endpoint closed;
  {
    UdpSocket gone = bind_loopback();
    closed = local_of(gone);
  }
  auto client = UdpSocket::open(AF_INET);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->connect(closed).ok());
  ASSERT_TRUE(client->send_to("anyone?", closed).ok());
  // The ICMP "port unreachable" comes back on the connected socket.
  auto ready = client->wait_readable(test::kPatience);
  ASSERT_TRUE(ready.ok() && *ready);
  auto reply = client->recv_from();
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code(), std::errc::connection_refused);
  EXPECT_EQ(reply.error().message(), "recv from " + closed.to_string() + ": Connection refused");
}

TEST(UdpSocketTest, BoundClientUsesItsSourceAddress) {
  UdpSocket server = bind_loopback();
  ResolveOptions options;
  options.passive = true;
  options.socket_type = SOCK_DGRAM;
  auto source = resolve("127.0.0.1", 0, options);
  ASSERT_TRUE(source.ok());
  auto client = UdpSocket::open(AF_INET, source->front());
  ASSERT_TRUE(client.ok()) << client.error().message();
  ASSERT_TRUE(client->send_to("x", local_of(server)).ok());
  EXPECT_EQ(receive(server).sender.host(), "127.0.0.1");
}

TEST(UdpSocketTest, Ipv6Loopback) {
  if (!ipv6_loopback_works()) GTEST_SKIP() << "no IPv6 loopback here";
  UdpSocket server = bind_loopback("::1");
  auto client = UdpSocket::open(AF_INET6);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->send_to("six", local_of(server)).ok());
  Datagram datagram = receive(server);
  EXPECT_EQ(datagram.data, "six");
  EXPECT_EQ(datagram.sender.host(), "::1");
}

TEST(UdpSocketTest, BindNeedsAnAddress) {
  auto nothing = UdpSocket::bind({});
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().code(), errc::no_address);
}

}  // namespace
}  // namespace tcpc
