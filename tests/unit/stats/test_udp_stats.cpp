// SPDX-License-Identifier: MIT
// The UDP report (tcpc/udp_stats.hpp) as text and as JSON.
#include "tcpc/udp_stats.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tcpc {
namespace {

using Json = nlohmann::json;

Endpoint loopback(std::uint16_t port) {
  ResolveOptions options;
  options.socket_type = SOCK_DGRAM;
  return resolve("127.0.0.1", port, options).value().front();
}

DatagramReport client_report() {
  DatagramReport report;
  report.local = loopback(40000);
  report.peer = loopback(7);
  report.resolve_time = Microseconds(12);
  report.duration = Microseconds(2'000'000);
  report.datagrams_sent = 3;
  report.bytes_sent = 250;
  report.datagrams_received = 1;
  report.bytes_received = 1024;
  return report;
}

TEST(DatagramReportText, ClientCountsDatagramsAndBytes) {
  const std::vector<std::string> lines = format_datagram_report(client_report());
  ASSERT_GE(lines.size(), 5u);
  EXPECT_EQ(lines[0], "UDP statistics: client 127.0.0.1:40000 -> server 127.0.0.1:7");
  EXPECT_EQ(lines[1], "  time to resolve the address     0.012 ms");
  EXPECT_EQ(lines[2], "  duration                        2.000 s");
  EXPECT_EQ(lines[3], "  sent                            3 datagrams, 250 bytes, 1.0 kbit/s");
  EXPECT_EQ(lines[4],
            "  received                        1 datagram, 1024 bytes (1.0 KiB), 4.1 kbit/s");
}

TEST(DatagramReportText, ServerNamesItsSendersInsteadOfAPeer) {
  DatagramReport report = client_report();
  report.role = Role::server;
  report.peer = Endpoint();
  report.resolve_time.reset();
  report.senders = 2;
  const std::vector<std::string> lines = format_datagram_report(report);
  EXPECT_EQ(lines[0], "UDP statistics: server 127.0.0.1:40000");
  EXPECT_EQ(lines[2], "  senders                         2");
  for (const std::string& line : lines)
    EXPECT_EQ(line.find("resolve"), std::string::npos) << line;
}

TEST(DatagramReportJson, HasTheDocumentedFields) {
  const Json json = Json::parse(datagram_report_json(client_report()));
  EXPECT_EQ(json["schema_version"], kStatsSchemaVersion);
  EXPECT_EQ(json["type"], "datagrams");
  EXPECT_EQ(json["role"], "client");
  EXPECT_EQ(json["local"], "127.0.0.1:40000");
  EXPECT_EQ(json["peer"], "127.0.0.1:7");
  EXPECT_EQ(json["resolve_us"], 12);
  EXPECT_EQ(json["duration_us"], 2'000'000);
  EXPECT_TRUE(json["senders"].is_null());
  EXPECT_EQ(json["datagrams_sent"], 3);
  EXPECT_EQ(json["bytes_sent"], 250);
  EXPECT_EQ(json["datagrams_received"], 1);
  EXPECT_EQ(json["bytes_received"], 1024);
  EXPECT_DOUBLE_EQ(json["send_bits_per_second"].get<double>(), 1000.0);
  EXPECT_FALSE(json.contains("tcp_info"));  // UDP has no TCP_INFO
}

TEST(DatagramReportJson, ZeroDurationHasNoRate) {
  DatagramReport report = client_report();
  report.duration = Microseconds(0);
  const Json json = Json::parse(datagram_report_json(report));
  EXPECT_TRUE(json["send_bits_per_second"].is_null());
  EXPECT_TRUE(json["receive_bits_per_second"].is_null());
}

}  // namespace
}  // namespace tcpc
