// SPDX-License-Identifier: MIT
// The servers' log lines: the CLI words the library's events itself (so
// they can be translated), and in English says exactly what describe() says.
#include <gtest/gtest.h>
#include <libintl.h>

#include <cerrno>
#include <clocale>
#include <cstdlib>
#include <vector>

#include "i18n.hpp"
#include "server_log.hpp"
#include "tcpc/address.hpp"

namespace {

using tcpc::ServerEvent;
using tcpc::UdpServerEvent;
using tcpc::cli::server_log_line;

tcpc::Endpoint peer() {
  return tcpc::resolve("127.0.0.1", 40000).value().front();
}

std::vector<ServerEvent> tcp_events() {
  std::vector<ServerEvent> events;
  ServerEvent accepted;
  accepted.kind = ServerEvent::Kind::accepted;
  accepted.client = 3;
  accepted.peer = peer();
  events.push_back(accepted);
  for (auto end : {ServerEvent::End::finished, ServerEvent::End::failed, ServerEvent::End::kicked,
                   ServerEvent::End::stopped}) {
    for (std::uint64_t in : {0, 1, 5}) {
      ServerEvent closed = accepted;
      closed.kind = ServerEvent::Kind::closed;
      closed.end = end;
      closed.summary.bytes_received = in;
      closed.summary.bytes_sent = 7;
      if (end == ServerEvent::End::failed)
        closed.error = tcpc::system_error(ECONNRESET, tcpc::Operation::receive, "127.0.0.1:40000");
      events.push_back(closed);
    }
  }
  for (std::size_t connected : {1, 2}) {
    ServerEvent away;
    away.kind = ServerEvent::Kind::turned_away;
    away.peer = peer();
    away.connected = connected;
    events.push_back(away);
  }
  ServerEvent failed;
  failed.kind = ServerEvent::Kind::failed;
  failed.error = tcpc::system_error(EMFILE, tcpc::Operation::accept, "127.0.0.1:7000");
  events.push_back(failed);
  return events;
}

std::vector<UdpServerEvent> udp_events() {
  std::vector<UdpServerEvent> events;
  UdpServerEvent first;
  first.sender = 2;
  first.peer = peer();
  events.push_back(first);
  for (auto mode : {tcpc::ServerMode::echo, tcpc::ServerMode::reply, tcpc::ServerMode::discard,
                    tcpc::ServerMode::print, tcpc::ServerMode::source}) {
    for (std::size_t bytes : {1, 9}) {
      UdpServerEvent datagram = first;
      datagram.kind = UdpServerEvent::Kind::datagram;
      datagram.bytes = bytes;
      datagram.mode = mode;
      datagram.source_bytes = bytes;
      events.push_back(datagram);
    }
  }
  UdpServerEvent failed;
  failed.kind = UdpServerEvent::Kind::failed;
  failed.error = tcpc::system_error(EHOSTUNREACH, tcpc::Operation::send, "127.0.0.1:40000");
  events.push_back(failed);
  return events;
}

TEST(ServerLog, EnglishIsWhatTheLibraryDescribes) {
  for (const ServerEvent& event : tcp_events())
    EXPECT_EQ(server_log_line(event), tcpc::describe(event));
  for (const UdpServerEvent& event : udp_events())
    EXPECT_EQ(server_log_line(event), tcpc::describe(event));
  ServerEvent closed = tcp_events()[2];  // finished, 1 byte in
  EXPECT_EQ(server_log_line(closed), "#3 127.0.0.1:40000 closed (1 byte in, 7 out)");
}

TEST(ServerLog, InChinese) {
  if (std::setlocale(LC_MESSAGES, "zh_CN.UTF-8") == nullptr)
    GTEST_SKIP() << "the zh_CN.UTF-8 locale is missing: run scripts/setup.sh --test";
  ::setenv("LANGUAGE", "zh_CN", 1);
  ::bindtextdomain(tcpc::cli::kTextDomain, TCPC_TEST_LOCALEDIR);
  ::bind_textdomain_codeset(tcpc::cli::kTextDomain, "UTF-8");
  const std::vector<ServerEvent> events = tcp_events();
  EXPECT_EQ(server_log_line(events[0]), "#3 来自 127.0.0.1:40000 的连接");
  EXPECT_EQ(server_log_line(events[3]), "#3 127.0.0.1:40000 已关闭（收到 5 字节，发出 7 字节）");
  UdpServerEvent datagram = udp_events()[2];  // echo, 9 bytes
  EXPECT_EQ(server_log_line(datagram), "#2 来自 127.0.0.1:40000 的 9 字节，已回显");
  // Every line in Chinese differs from the English one.
  for (const ServerEvent& event : events)
    EXPECT_NE(server_log_line(event), tcpc::describe(event));
  ::unsetenv("LANGUAGE");
  std::setlocale(LC_MESSAGES, "C");
}

}  // namespace
