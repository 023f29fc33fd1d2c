// SPDX-License-Identifier: MIT
#include "tcpc/port_scan.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <string>
#include <vector>

#include "tcpc/listener.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using namespace std::chrono_literals;
using Ports = std::vector<std::uint16_t>;

// ---- parse_port_list ---------------------------------------------------------

Ports ports_of(std::string_view text) {
  auto ports = parse_port_list(text);
  EXPECT_TRUE(ports.ok()) << text << ": " << ports.error().message();
  return ports.ok() ? *ports : Ports{};
}

std::string error_of(std::string_view text) {
  auto ports = parse_port_list(text);
  EXPECT_FALSE(ports.ok()) << text << " was accepted";
  if (ports.ok()) return {};
  EXPECT_EQ(ports.error().code(), errc::invalid_port) << text;
  return ports.error().message();
}

TEST(PortList, SinglesListsAndRanges) {
  EXPECT_EQ(ports_of("22"), (Ports{22}));
  EXPECT_EQ(ports_of("22,80,443"), (Ports{22, 80, 443}));
  EXPECT_EQ(ports_of("8000-8003"), (Ports{8000, 8001, 8002, 8003}));
  EXPECT_EQ(ports_of("22,8000-8002,1"), (Ports{22, 8000, 8001, 8002, 1}));
  EXPECT_EQ(ports_of("65535"), (Ports{65535}));
  EXPECT_EQ(ports_of("1-65535").size(), 65535u);
}

TEST(PortList, ReversedRangesAndRepeatsAsNcDoes) {
  EXPECT_EQ(ports_of("82-80"), (Ports{80, 81, 82}));
  EXPECT_EQ(ports_of("80,80,79-81"), (Ports{80, 79, 81}));  // each once, first order
  EXPECT_EQ(ports_of("5-5"), (Ports{5}));
}

TEST(PortList, ServiceNames) {
  EXPECT_EQ(ports_of("http"), (Ports{80}));
  EXPECT_EQ(ports_of("ssh,http"), (Ports{22, 80}));
}

TEST(PortList, ErrorsNameTheBadItem) {
  EXPECT_EQ(error_of("70000"), "invalid port '70000': must be from 1 to 65535");
  EXPECT_EQ(error_of("22,abc"),
            "invalid port list '22,abc': invalid port 'abc': must be from 1 to 65535 or a "
            "known service name");
  EXPECT_NE(error_of("1-70000").find("invalid port '70000'"), std::string::npos);
  EXPECT_NE(error_of("0-5").find("invalid port '0'"), std::string::npos);
  EXPECT_NE(error_of("22,").find("empty item"), std::string::npos);
  EXPECT_NE(error_of(",22").find("empty item"), std::string::npos);
  EXPECT_NE(error_of("1-").find("'1-'"), std::string::npos);
  EXPECT_NE(error_of("-5").find("'-5'"), std::string::npos);
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
  error_of("22 80");
  error_of("+80");
}

// ---- scan_ports --------------------------------------------------------------

Listener listen_on(std::string_view host, std::uint16_t port = 0, int backlog = 128) {
  ListenOptions options;
  options.backlog = backlog;
  auto listener = Listener::bind(host, port, Family::any, options);
  if (!listener) throw listener.error();
  return std::move(*listener);
}

std::vector<Endpoint> loopback() {
  auto endpoints = resolve("127.0.0.1", 1);
  if (!endpoints) throw endpoints.error();
  return *endpoints;
}

std::uint16_t closed_port() {
  return listen_on("127.0.0.1").local().port();
}

// A port whose listener never accepts and whose accept queue is full: new
// SYNs are dropped, so a connect times out. Loopback only.
struct StalledPort {
  Listener listener = listen_on("127.0.0.1", 0, 0);
  std::vector<Fd> fillers;
  bool works = false;

  StalledPort() {
    for (int i = 0; i < 4; ++i) {
      Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
      ::connect(fd.get(), listener.local().data(), listener.local().size());
      fillers.push_back(std::move(fd));
    }
    ConnectOptions options;
    options.timeout = 300ms;
    auto probe = connect(listener.local(), options);
    works = !probe.ok() && probe.error().code() == std::errc::timed_out;
  }
};

TEST(PortScan, OpenClosedAndTimeoutInTheOrderGiven) {
  Listener open = listen_on("127.0.0.1");
  const std::uint16_t closed = closed_port();
  StalledPort stalled;
  if (!stalled.works) GTEST_SKIP() << "this kernel accepts beyond a full backlog";

  std::vector<PortReport> streamed;
  ScanOptions options;
  options.timeout = 500ms;
  options.on_report = [&streamed](const PortReport& report) { streamed.push_back(report); };
  const Ports ports{stalled.listener.local().port(), closed, open.local().port()};
  auto reports = scan_ports(loopback(), ports, options);
  ASSERT_TRUE(reports.ok()) << reports.error().message();
  ASSERT_EQ(reports->size(), 3u);
  ASSERT_EQ(streamed.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*reports)[i].port, ports[i]);
    EXPECT_EQ(streamed[i].port, ports[i]);  // reported in the order given
    EXPECT_EQ((*reports)[i].address.host(), "127.0.0.1");
  }
  EXPECT_EQ((*reports)[0].state, PortState::timeout);
  EXPECT_EQ((*reports)[0].reason, "no answer within 0.5 s");
  EXPECT_EQ((*reports)[1].state, PortState::closed);
  EXPECT_EQ((*reports)[1].reason, "Connection refused");
  EXPECT_EQ((*reports)[2].state, PortState::open);
  EXPECT_EQ((*reports)[2].reason, "");
  // The open port saw a connection and nothing else.
  auto client = open.accept();
  ASSERT_TRUE(client.ok());
  EXPECT_TRUE(test::read_until_eof(*client).data.empty());
}

TEST(PortScan, ManyPortsWithLittleParallelism) {
  // Listeners first, so no closed port can be handed out again to one of them.
  std::vector<Listener> listeners;
  for (int i = 0; i < 5; ++i)
    listeners.push_back(listen_on("127.0.0.1"));
  Ports ports;
  Ports open_ports;
  for (int i = 0; i < 20; ++i) {
    if (i % 4 == 0) {
      ports.push_back(listeners[static_cast<std::size_t>(i / 4)].local().port());
      open_ports.push_back(ports.back());
    } else {
      ports.push_back(closed_port());
    }
  }
  for (std::size_t parallel : {std::size_t{1}, std::size_t{3}, std::size_t{64}}) {
    ScanOptions options;
    options.parallel = parallel;
    auto reports = scan_ports(loopback(), ports, options);
    ASSERT_TRUE(reports.ok()) << reports.error().message();
    Ports found;
    for (const PortReport& report : *reports) {
      if (report.state == PortState::open)
        found.push_back(report.port);
      else
        EXPECT_EQ(report.state, PortState::closed) << report.port;
    }
    EXPECT_EQ(found, open_ports) << "parallel " << parallel;
  }
}

TEST(PortScan, TriesEachAddressOfTheHost) {
  // Like nc: a port closed on the first address and open on the second is open.
  Listener open = listen_on("127.0.0.1");
  auto v6 = resolve("::1", 1);
  if (!v6.ok()) GTEST_SKIP() << "no IPv6 loopback";
  std::vector<Endpoint> addresses{v6->front(), loopback().front()};
  auto reports = scan_ports(addresses, {open.local().port()});
  ASSERT_TRUE(reports.ok()) << reports.error().message();
  EXPECT_EQ(reports->front().state, PortState::open);
  EXPECT_EQ(reports->front().address.host(), "127.0.0.1");
}

TEST(PortScan, BadSourceAddressFailsTheScan) {
  ScanOptions options;
  options.local = resolve("::1", 0).value().front();  // IPv6 source for an IPv4 host
  auto reports = scan_ports(loopback(), {closed_port()}, options);
  ASSERT_FALSE(reports.ok());
  EXPECT_NE(reports.error().message().find("bind [::1]:0"), std::string::npos)
      << reports.error().message();
}

TEST(PortScan, NoAddressIsAnError) {
  auto reports = scan_ports({}, {80});
  ASSERT_FALSE(reports.ok());
  EXPECT_EQ(reports.error().code(), errc::no_address);
}

TEST(PortScan, StateNames) {
  EXPECT_EQ(to_string(PortState::open), "open");
  EXPECT_EQ(to_string(PortState::closed), "closed");
  EXPECT_EQ(to_string(PortState::timeout), "timeout");
  EXPECT_EQ(to_string(PortState::failed), "failed");
}

}  // namespace
}  // namespace tcpc
