// SPDX-License-Identifier: MIT
#include "tcpc/socket_options.hpp"

#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "tcpc/fd.hpp"
#include "tcpc/fd_passing.hpp"

namespace tcpc {
namespace {

int get(int fd, int level, int name) {
  int value = -1;
  socklen_t length = sizeof value;
  EXPECT_EQ(::getsockopt(fd, level, name, &value, &length), 0);
  return value;
}

TEST(TrafficClass, KeywordsAsOpenBsdNcMapsThem) {
  EXPECT_EQ(parse_traffic_class("lowdelay"), 0x10);
  EXPECT_EQ(parse_traffic_class("throughput"), 0x08);
  EXPECT_EQ(parse_traffic_class("reliability"), 0x04);
  EXPECT_EQ(parse_traffic_class("critical"), 0xa0);
  EXPECT_EQ(parse_traffic_class("inetcontrol"), 0xc0);
  EXPECT_EQ(parse_traffic_class("netcontrol"), 0xe0);
  EXPECT_EQ(parse_traffic_class("af11"), 0x28);
  EXPECT_EQ(parse_traffic_class("af43"), 0x98);
  EXPECT_EQ(parse_traffic_class("cs0"), 0x00);
  EXPECT_EQ(parse_traffic_class("cs7"), 0xe0);
  EXPECT_EQ(parse_traffic_class("ef"), 0xb8);
  EXPECT_EQ(parse_traffic_class("va"), 0xb0);
}

TEST(TrafficClass, NumbersDecimalOrHex) {
  EXPECT_EQ(parse_traffic_class("0"), 0);
  EXPECT_EQ(parse_traffic_class("255"), 255);
  EXPECT_EQ(parse_traffic_class("0x28"), 0x28);
  EXPECT_EQ(parse_traffic_class("0XfF"), 255);
  for (const char* bad : {"", "256", "-1", "0x", "0x100", "lowDelay", "af44", "12a", " 1"})
    EXPECT_FALSE(parse_traffic_class(bad).has_value()) << bad;
}

TEST(SocketSettings, EachIsSetOnTheSocket) {
  Fd v4(::socket(AF_INET, SOCK_STREAM, 0));
  ASSERT_TRUE(v4);
  SocketSettings settings;
  settings.receive_buffer = 8192;
  settings.send_buffer = 16384;
  settings.traffic_class = 0x10;
  settings.ttl = 7;
  settings.min_ttl = 3;
  ASSERT_TRUE(apply(v4.get(), settings).ok());
  EXPECT_GE(*receive_buffer(v4.get()), 8192);  // Linux doubles it
  EXPECT_GE(*send_buffer(v4.get()), 16384);
  EXPECT_EQ(get(v4.get(), IPPROTO_IP, IP_TOS), 0x10);
  EXPECT_EQ(get(v4.get(), IPPROTO_IP, IP_TTL), 7);
#ifdef IP_MINTTL
  EXPECT_EQ(get(v4.get(), IPPROTO_IP, IP_MINTTL), 3);
#endif
}

TEST(SocketSettings, Ipv6SocketsGetTheIpv6Options) {
  Fd v6(::socket(AF_INET6, SOCK_DGRAM, 0));
  if (!v6) GTEST_SKIP() << "no IPv6";
  SocketSettings settings;
  settings.traffic_class = 0xb8;
  settings.ttl = 9;
  settings.broadcast = false;
  ASSERT_TRUE(apply(v6.get(), settings).ok());
  EXPECT_EQ(get(v6.get(), IPPROTO_IPV6, IPV6_TCLASS), 0xb8);
  EXPECT_EQ(get(v6.get(), IPPROTO_IPV6, IPV6_UNICAST_HOPS), 9);
}

TEST(SocketSettings, BroadcastOnUdp) {
  Fd udp(::socket(AF_INET, SOCK_DGRAM, 0));
  ASSERT_TRUE(set_broadcast(udp.get(), true).ok());
  EXPECT_EQ(get(udp.get(), SOL_SOCKET, SO_BROADCAST), 1);
}

TEST(SocketSettings, FailuresNameTheOption) {
  Fd file(::dup(STDERR_FILENO));
  auto failed = set_ttl(file.get(), 5);  // not a socket: getsockname fails first
  ASSERT_FALSE(failed.ok());
  Fd udp(::socket(AF_INET, SOCK_DGRAM, 0));
  auto bad = set_ttl(udp.get(), 300);  // IP_TTL takes 1-255
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("IP_TTL"), std::string::npos) << bad.error().message();
}

TEST(Md5Key, SetOnBothFamiliesWithinItsLength) {
  Fd v4(::socket(AF_INET, SOCK_STREAM, 0));
  auto set = set_md5_key(v4.get(), "secret");
#ifdef __linux__
  EXPECT_TRUE(set.ok()) << set.error().message();
  Fd v6(::socket(AF_INET6, SOCK_STREAM, 0));
  if (v6) EXPECT_TRUE(set_md5_key(v6.get(), "secret").ok());
#endif
  EXPECT_FALSE(set_md5_key(v4.get(), "").ok());
  EXPECT_FALSE(set_md5_key(v4.get(), std::string(81, 'k')).ok());
}

TEST(ResetOnClose, PeerSeesAReset) {
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  Fd a(pair[0]);
  Fd b(pair[1]);
  // SO_LINGER on a Unix socket is accepted; what it does to TCP is the
  // integration test's (test_access.py).
  EXPECT_TRUE(set_reset_on_close(a.get()).ok());
}

TEST(FdPassing, TheDescriptorArrives) {
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  Fd sender(pair[0]);
  Fd receiver(pair[1]);
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  Fd read_end(pipe_fds[0]);
  Fd write_end(pipe_fds[1]);
  ASSERT_TRUE(send_descriptor(sender.get(), write_end.get()).ok());

  char byte = 1;
  iovec data{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ASSERT_EQ(::recvmsg(receiver.get(), &message, 0), 1);
  EXPECT_EQ(byte, '\0');
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  ASSERT_NE(header, nullptr);
  ASSERT_EQ(header->cmsg_type, SCM_RIGHTS);
  int passed = -1;
  std::memcpy(&passed, CMSG_DATA(header), sizeof passed);
  Fd passed_fd(passed);
  ASSERT_EQ(::write(passed_fd.get(), "x", 1), 1);  // the passed write end feeds our pipe
  char got = 0;
  ASSERT_EQ(::read(read_end.get(), &got, 1), 1);
  EXPECT_EQ(got, 'x');
}

TEST(FdPassing, NotASocketFails) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  Fd read_end(pipe_fds[0]);
  Fd write_end(pipe_fds[1]);
  EXPECT_FALSE(send_descriptor(write_end.get(), read_end.get()).ok());
}

}  // namespace
}  // namespace tcpc
