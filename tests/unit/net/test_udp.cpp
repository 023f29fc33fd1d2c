// SPDX-License-Identifier: MIT
#include "tcpc/udp.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "tcpc/udp_echo.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;

UdpSocket bind_loopback(std::string_view host = "127.0.0.1") {
  ResolveOptions options;
  options.socket_type = SOCK_DGRAM;
  auto endpoints = resolve(host, 0, options);
  if (!endpoints) throw endpoints.error();
  auto socket = UdpSocket::bind(*endpoints);
  if (!socket) throw socket.error();
  return std::move(*socket);
}

Endpoint local_of(const UdpSocket& socket) {
  return socket.local_endpoint().value();
}

// Receives one datagram, failing the test instead of hanging.
Datagram receive(UdpSocket& socket) {
  auto ready = socket.wait_readable(test::kPatience);
  EXPECT_TRUE(ready.ok() && *ready) << "no datagram arrived";
  if (!ready.ok() || !*ready) return {};
  auto datagram = socket.recv_from();
  EXPECT_TRUE(datagram.ok()) << datagram.error().message();
  return datagram.ok() ? std::move(*datagram) : Datagram{};
}

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

// ---- UdpEchoServer -----------------------------------------------------------

class EchoThread {
 public:
  explicit EchoThread(UdpEchoOptions options = {}) {
    auto server = UdpEchoServer::create(bind_loopback(), std::move(options));
    if (!server) throw server.error();
    server_.emplace(std::move(*server));
    local_ = server_->socket().local_endpoint().value();
    done_ = std::async(std::launch::async, [this] { return server_->run(); });
  }
  ~EchoThread() {
    if (done_.valid()) {
      server_->stop();
      done_.wait();
    }
  }
  const Endpoint& local() const { return local_; }
  void stop() { server_->stop(); }
  std::optional<Result<UdpEchoTotals>> finish() {
    if (done_.wait_for(test::kPatience) != std::future_status::ready) return {};
    return done_.get();
  }

 private:
  std::optional<UdpEchoServer> server_;
  Endpoint local_;
  std::future<Result<UdpEchoTotals>> done_;
};

TEST(UdpEchoServerTest, EchoesEachDatagramToItsSender) {
  EchoThread echo;
  auto alice = UdpSocket::open(AF_INET);
  auto bob = UdpSocket::open(AF_INET);
  ASSERT_TRUE(alice.ok() && bob.ok());
  ASSERT_TRUE(alice->send_to("from alice", echo.local()).ok());
  ASSERT_TRUE(bob->send_to("from bob", echo.local()).ok());
  ASSERT_TRUE(alice->send_to("again", echo.local()).ok());
  EXPECT_EQ(receive(*bob).data, "from bob");
  EXPECT_EQ(receive(*alice).data, "from alice");
  EXPECT_EQ(receive(*alice).data, "again");

  echo.stop();
  auto totals = echo.finish();
  ASSERT_TRUE(totals.has_value()) << "run() did not return after stop()";
  ASSERT_TRUE(totals->ok());
  EXPECT_EQ((*totals)->datagrams, 3u);
  EXPECT_EQ((*totals)->bytes, 10u + 8u + 5u);
}

TEST(UdpEchoServerTest, OnceReturnsAfterTheFirstDatagram) {
  std::vector<std::string> lines;
  UdpEchoOptions options;
  options.once = true;
  options.log = [&lines](std::string_view line) { lines.emplace_back(line); };
  EchoThread echo(std::move(options));
  auto client = UdpSocket::open(AF_INET);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->send_to("only", echo.local()).ok());
  EXPECT_EQ(receive(*client).data, "only");
  auto totals = echo.finish();
  ASSERT_TRUE(totals.has_value()) << "run() did not return after one datagram";
  ASSERT_TRUE(totals->ok());
  EXPECT_EQ((*totals)->datagrams, 1u);
  ASSERT_EQ(lines.size(), 1u);
  const std::uint16_t from = client->local_endpoint().value().port();
  EXPECT_EQ(lines[0], "4 bytes from 127.0.0.1:" + std::to_string(from) + " echoed");
}

}  // namespace
}  // namespace tcpc
