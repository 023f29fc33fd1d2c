// SPDX-License-Identifier: MIT
#include "tcpc/stats.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <future>
#include <string>
#include <vector>

#include "stats/tcp_info_abi.hpp"
#include "tcpc/listener.hpp"
#include "tcpc/relay.hpp"
#include "test_support.hpp"

namespace tcpc {
namespace {

using test::read_exactly;
using Json = nlohmann::json;

#ifdef __linux__
constexpr bool kHasTcpInfo = true;
#else
constexpr bool kHasTcpInfo = false;
#endif

Listener listen_loopback() {
  auto listener = Listener::bind("127.0.0.1", 0, Family::ipv4);
  if (!listener) throw listener.error();
  return std::move(*listener);
}

// ---- the reader on a live loopback connection -------------------------------

TEST(TcpInfoReader, LiveLoopbackConnection) {
  if (!kHasTcpInfo) GTEST_SKIP() << "no TCP_INFO on this system";
  Listener listener = listen_loopback();
  auto pair = test::connected_pair(listener);
  ASSERT_TRUE(pair) << pair.error().message();
  const std::string data = test::random_bytes(100'000, 5);
  ASSERT_TRUE(pair->client.send_all(data));
  ASSERT_EQ(read_exactly(pair->server, data.size()).data.size(), data.size());
  // The reply's segment acknowledges all the data: once the client has read
  // it, its kernel has processed that ACK. No waiting on timing.
  ASSERT_TRUE(pair->server.send_all("!"));
  ASSERT_EQ(read_exactly(pair->client, 1).data, "!");

  auto client = read_tcp_info(pair->client.fd());
  ASSERT_TRUE(client) << client.error().message();
  ASSERT_TRUE(client->rtt_us && client->snd_mss && client->bytes_acked && client->segs_out);
  EXPECT_GT(*client->rtt_us, 0u);
  EXPECT_GT(*client->snd_mss, 0u);
  EXPECT_EQ(tcp_state_name(*client->state), "ESTABLISHED");
  // Sequence space: the data plus one for the SYN.
  EXPECT_EQ(*client->bytes_acked, data.size() + 1);
  EXPECT_EQ(client->bytes_received, 1u);
  EXPECT_GE(*client->segs_out, 2u);  // SYN, ACK, data
  ASSERT_TRUE(client->data_segs_out);
  EXPECT_GE(*client->data_segs_out, 1u);
  EXPECT_TRUE(client->any());

  auto server = read_tcp_info(pair->server.fd());
  ASSERT_TRUE(server) << server.error().message();
  EXPECT_EQ(server->bytes_received, data.size());
  // (Not its bytes_acked: the client's ACK for "!" may still be delayed.)
  ASSERT_TRUE(server->rcv_mss);
  EXPECT_GT(*server->rcv_mss, 0u);
}

TEST(TcpInfoReader, FailsOnSomethingThatIsNotTcp) {
  if (!kHasTcpInfo) GTEST_SKIP() << "no TCP_INFO on this system";
  test::Pipe pipe = test::Pipe::make();
  auto info = read_tcp_info(pipe.read.get());
  ASSERT_FALSE(info);
  EXPECT_NE(info.error().message().find("TCP_INFO"), std::string::npos);
}

TEST(TcpInfoReader, ReportForNamesBothEnds) {
  Listener listener = listen_loopback();
  auto pair = test::connected_pair(listener);
  ASSERT_TRUE(pair) << pair.error().message();
  ConnectionReport report = report_for(pair->client, Role::client);
  EXPECT_EQ(report.peer.to_string(), listener.local().to_string());
  EXPECT_EQ(report.local.to_string(), pair->server.peer().to_string());
  EXPECT_EQ(report.tcp.any(), kHasTcpInfo);
}

// ---- older kernels: a shorter struct --------------------------------------

std::vector<unsigned char> kernel_bytes() {
  detail::KernelTcpInfo kernel{};
  kernel.tcpi_state = 1;
  kernel.tcpi_rtt = 1234;
  kernel.tcpi_total_retrans = 7;
  kernel.tcpi_bytes_acked = 0x1'0000'0001;  // needs all 64 bits
  kernel.tcpi_snd_wnd = 65536;
  kernel.tcpi_total_rto = 3;
  kernel.tcpi_total_rto_time = 600;
  std::vector<unsigned char> raw(sizeof kernel);
  std::memcpy(raw.data(), &kernel, sizeof kernel);
  return raw;
}

TcpInfo parse_first(std::size_t length) {
  auto raw = kernel_bytes();
  return detail::parse_kernel_tcp_info(std::span<const unsigned char>(raw.data(), length));
}

TEST(TcpInfoParse, WholeStruct) {
  TcpInfo info = parse_first(sizeof(detail::KernelTcpInfo));
  EXPECT_EQ(info.state, 1u);
  EXPECT_EQ(info.rtt_us, 1234u);
  EXPECT_EQ(info.total_retrans, 7u);
  EXPECT_EQ(info.bytes_acked, 0x1'0000'0001u);
  EXPECT_EQ(info.snd_wnd, 65536u);
  EXPECT_EQ(info.total_rto, 3u);
  EXPECT_EQ(info.total_rto_time_ms, 600u);
  EXPECT_EQ(info.lost, 0u);  // reported as zero: present, and zero
}

TEST(TcpInfoParse, KernelBefore3_15StopsAtTotalRetrans) {
  TcpInfo info = parse_first(offsetof(detail::KernelTcpInfo, tcpi_pacing_rate));
  EXPECT_EQ(info.rtt_us, 1234u);
  EXPECT_EQ(info.total_retrans, 7u);
  EXPECT_FALSE(info.bytes_acked);
  EXPECT_FALSE(info.segs_out);
  EXPECT_FALSE(info.snd_wnd);
  EXPECT_FALSE(info.total_rto);
  EXPECT_TRUE(info.any());
}

TEST(TcpInfoParse, KernelBefore6_7HasNoRtoCounters) {
  TcpInfo info = parse_first(offsetof(detail::KernelTcpInfo, tcpi_total_rto));
  EXPECT_EQ(info.snd_wnd, 65536u);
  EXPECT_FALSE(info.total_rto);
  EXPECT_FALSE(info.total_rto_recoveries);
  EXPECT_FALSE(info.total_rto_time_ms);
}

TEST(TcpInfoParse, AFieldCutInTheMiddleIsUnavailable) {
  TcpInfo info = parse_first(offsetof(detail::KernelTcpInfo, tcpi_bytes_acked) + 4);
  EXPECT_FALSE(info.bytes_acked);
  EXPECT_EQ(info.total_retrans, 7u);
}

TEST(TcpInfoParse, NothingReported) {
  EXPECT_FALSE(parse_first(0).any());
}

// ---- rendering --------------------------------------------------------------

Endpoint test_endpoint(const char* host, std::uint16_t port) {
  auto endpoints = resolve(host, port);
  if (!endpoints) throw endpoints.error();
  return endpoints->front();
}

ConnectionReport sample_report(Role role) {
  ConnectionReport report;
  report.role = role;
  report.local = test_endpoint("127.0.0.1", 40000);
  report.peer = test_endpoint("127.0.0.1", 7000);
  if (role == Role::client) {
    report.resolve_time = Microseconds(20);
    report.connect_time = Microseconds(110);
  }
  report.duration = Microseconds(2'000'000);
  report.bytes_sent = 1'000'000;
  report.bytes_received = 10;
  return report;
}

TEST(StatsText, UnavailableIsNeverShownAsZero) {
  const auto lines = format_report(sample_report(Role::client));
  const auto first_kernel_line =
      std::find_if(lines.begin(), lines.end(),
                   [](const std::string& line) { return line.find("segments sent") != line.npos; });
  ASSERT_NE(first_kernel_line, lines.end());
  for (auto it = first_kernel_line; it != lines.end(); ++it) {
    EXPECT_NE(it->find("unavailable"), std::string::npos) << *it;
    EXPECT_TRUE(std::none_of(it->begin(), it->end(), [](char c) { return std::isdigit(c); }))
        << "a number in a line without kernel figures: " << *it;
  }
}

TEST(StatsText, MeasuredFiguresWithUnits) {
  ConnectionReport report = sample_report(Role::client);
  report.tcp.rtt_us = 1500;
  report.tcp.rttvar_us = 250;
  report.tcp.snd_cwnd = 10;
  report.tcp.snd_mss = 1448;
  report.tcp.snd_ssthresh = kInfiniteSsthresh;
  report.tcp.total_retrans = 4;
  report.tcp.retrans = 1;
  report.tcp.snd_wnd = 65536;
  std::string text;
  for (const auto& line : format_report(report))
    text += line + "\n";
  EXPECT_NE(text.find("client 127.0.0.1:40000 -> server 127.0.0.1:7000"), text.npos) << text;
  EXPECT_NE(text.find("0.110 ms"), text.npos) << text;       // the handshake
  EXPECT_NE(text.find("1000000 bytes"), text.npos) << text;  // sent
  EXPECT_NE(text.find("4.0 Mbit/s"), text.npos) << text;     // 1 MB in 2 s
  EXPECT_NE(text.find("1.500 ms smoothed, variation 0.250 ms"), text.npos) << text;
  EXPECT_NE(text.find("10 segments = 14.1 KiB"), text.npos) << text;
  EXPECT_NE(text.find("none yet"), text.npos) << text;  // ssthresh not set
  EXPECT_NE(text.find("4 in total, 1 not yet acknowledged"), text.npos) << text;
  EXPECT_NE(text.find("65536 bytes (64.0 KiB)"), text.npos) << text;
}

TEST(StatsText, ServerSideHasNoClientTimes) {
  std::string text;
  for (const auto& line : format_report(sample_report(Role::server)))
    text += line + "\n";
  EXPECT_NE(text.find("server 127.0.0.1:40000 <- client 127.0.0.1:7000"), text.npos) << text;
  EXPECT_NE(text.find("unavailable (measured by the client)"), text.npos) << text;
}

TEST(StatsText, IntervalLine) {
  IntervalReport report;
  report.start = Microseconds(1'000'000);
  report.end = Microseconds(2'000'000);
  report.bytes_sent = 125'000;
  const std::string line = format_interval(report);
  EXPECT_NE(line.find("1.00-"), line.npos) << line;
  EXPECT_NE(line.find("1.0 Mbit/s"), line.npos) << line;
  EXPECT_NE(line.find("retransmits unavailable"), line.npos) << line;
  EXPECT_NE(line.find("rtt unavailable"), line.npos) << line;
  report.retransmits = 3;
  report.tcp.rtt_us = 40;
  EXPECT_NE(format_interval(report).find("retransmits 3"), std::string::npos);
  EXPECT_NE(format_interval(report).find("rtt 0.040 ms"), std::string::npos);
}

TEST(StatsJson, UnavailableIsNull) {
  const Json json = Json::parse(report_json(sample_report(Role::server)));
  EXPECT_EQ(json["schema_version"], kStatsSchemaVersion);
  EXPECT_EQ(json["type"], "connection");
  EXPECT_EQ(json["role"], "server");
  EXPECT_TRUE(json["resolve_us"].is_null());
  EXPECT_TRUE(json["connect_us"].is_null());
  EXPECT_EQ(json["bytes_sent"], 1'000'000);
  EXPECT_DOUBLE_EQ(json["send_bits_per_second"].get<double>(), 4e6);
  ASSERT_TRUE(json["tcp_info"].is_object());
  EXPECT_GT(json["tcp_info"].size(), 30u);
  for (const auto& [key, value] : json["tcp_info"].items()) {
    EXPECT_TRUE(value.is_null()) << key;
  }
}

TEST(StatsJson, FiguresAndNames) {
  ConnectionReport report = sample_report(Role::client);
  report.tcp.state = 1;
  report.tcp.ca_state = 4;
  report.tcp.rtt_us = 1500;
  report.tcp.total_retrans = 0;
  const Json json = Json::parse(report_json(report));
  EXPECT_EQ(json["local"], "127.0.0.1:40000");
  EXPECT_EQ(json["peer"], "127.0.0.1:7000");
  EXPECT_EQ(json["resolve_us"], 20);
  EXPECT_EQ(json["connect_us"], 110);
  EXPECT_EQ(json["duration_us"], 2'000'000);
  EXPECT_EQ(json["tcp_info"]["state"], "ESTABLISHED");
  EXPECT_EQ(json["tcp_info"]["ca_state"], "loss");
  EXPECT_EQ(json["tcp_info"]["rtt_us"], 1500);
  EXPECT_EQ(json["tcp_info"]["total_retrans"], 0);  // a real zero stays a zero
  EXPECT_TRUE(json["tcp_info"]["lost"].is_null());
}

TEST(StatsJson, IntervalObject) {
  IntervalReport report;
  report.start = Microseconds(0);
  report.end = Microseconds(500'000);
  report.bytes_received = 1000;
  report.retransmits = 2;
  const Json json = Json::parse(interval_json(report));
  EXPECT_EQ(json["schema_version"], kStatsSchemaVersion);
  EXPECT_EQ(json["type"], "interval");
  EXPECT_EQ(json["end_us"], 500'000);
  EXPECT_EQ(json["retransmits"], 2);
  EXPECT_DOUBLE_EQ(json["receive_bits_per_second"].get<double>(), 16'000);
  EXPECT_TRUE(json["local"].is_null());  // an empty endpoint
}

TEST(StatsJson, IsOneLine) {
  EXPECT_EQ(report_json(sample_report(Role::client)).find('\n'), std::string::npos);
}

TEST(Stats, BitsPerSecond) {
  EXPECT_EQ(bits_per_second(1000, Microseconds(1'000'000)), 8000.0);
  EXPECT_FALSE(bits_per_second(1000, Microseconds(0)));
}

TEST(Stats, StateNames) {
  EXPECT_EQ(tcp_state_name(1), "ESTABLISHED");
  EXPECT_EQ(tcp_state_name(8), "CLOSE_WAIT");
  EXPECT_EQ(tcp_state_name(99), "unknown");
  EXPECT_EQ(ca_state_name(3), "recovery");
  EXPECT_EQ(ca_state_name(9), "unknown");
}

// ---- the meter ----------------------------------------------------------------

TEST(StatsMeter, IntervalsCountWhatHappenedSinceTheLastTick) {
  Listener listener = listen_loopback();
  auto pair = test::connected_pair(listener);
  ASSERT_TRUE(pair) << pair.error().message();
  std::vector<IntervalReport> intervals;
  StatsMeter meter(pair->client, Role::client,
                   [&](const IntervalReport& report) { intervals.push_back(report); });
  meter.on_sent("hello");
  meter.on_received("hi");
  meter.on_tick();
  meter.on_sent("again");
  meter.on_tick();
  ASSERT_EQ(intervals.size(), 2u);
  EXPECT_EQ(intervals[0].bytes_sent, 5u);
  EXPECT_EQ(intervals[0].bytes_received, 2u);
  EXPECT_EQ(intervals[1].bytes_sent, 5u);
  EXPECT_EQ(intervals[1].bytes_received, 0u);
  EXPECT_EQ(intervals[1].start, intervals[0].end);
  EXPECT_LE(intervals[1].start, intervals[1].end);
  EXPECT_EQ(intervals[0].peer.to_string(), listener.local().to_string());
  if (kHasTcpInfo) {
    EXPECT_EQ(intervals[0].retransmits, 0u);  // nothing was sent on the socket
    EXPECT_TRUE(intervals[0].tcp.rtt_us);
  }
  EXPECT_EQ(meter.bytes_sent(), 10u);
  EXPECT_EQ(meter.bytes_received(), 2u);
}

TEST(StatsMeter, WatchesARelay) {
  test::ServerThread server;
  ASSERT_EQ(server.error(), "");
  auto socket = connect(server.local());
  ASSERT_TRUE(socket) << socket.error().message();
  const std::string payload = test::random_bytes(64 * 1024, 9);
  StatsMeter meter(*socket, Role::client);
  test::Pipe output = test::Pipe::make();
  test::PipeReader echoed(std::move(output.read));
  RelayOptions options;
  options.payload = payload;
  options.input_fd = -1;
  options.output_fd = output.write.get();
  options.observer = &meter;
  auto totals = relay(*socket, options);
  ASSERT_TRUE(totals) << totals.error().message();
  output.write.close().value();
  EXPECT_EQ(echoed.join().size(), payload.size());
  EXPECT_EQ(meter.bytes_sent(), payload.size());
  EXPECT_EQ(meter.bytes_received(), payload.size());  // the echo

  ConnectionReport report = meter.report();
  EXPECT_EQ(report.bytes_sent, payload.size());
  EXPECT_EQ(report.bytes_received, payload.size());
  EXPECT_GT(report.duration.count(), 0);
  if (kHasTcpInfo) {
    // The server's FIN came after it had read ours, so it acknowledges the
    // data, our SYN and our FIN.
    EXPECT_EQ(report.tcp.bytes_acked, payload.size() + 2);
    EXPECT_EQ(report.tcp.bytes_received, payload.size() + 1);  // + its FIN
  }
}

// ---- the echo server's hook -----------------------------------------------

TEST(ServerHook, ClientClosedWhileItsSocketIsOpen) {
  std::promise<std::pair<ConnectionReport, ClientSummary>> closed;
  ServerOptions options;
  options.on_client_closed = [&](const Socket& socket, const ClientSummary& summary) {
    closed.set_value({report_for(socket, Role::server), summary});
  };
  test::ServerThread server(std::move(options));
  ASSERT_EQ(server.error(), "");
  auto socket = connect(server.local());
  ASSERT_TRUE(socket) << socket.error().message();
  const std::string data = test::random_bytes(10'000, 3);
  ASSERT_TRUE(socket->send_all(data));
  ASSERT_TRUE(socket->shutdown_write());
  EXPECT_EQ(test::read_until_eof(*socket).data, data);

  auto result = closed.get_future();
  ASSERT_EQ(result.wait_for(test::kPatience), std::future_status::ready);
  auto [report, summary] = result.get();
  EXPECT_EQ(summary.bytes_received, data.size());
  EXPECT_EQ(summary.bytes_sent, data.size());
  EXPECT_LE(summary.accepted, std::chrono::steady_clock::now());
  EXPECT_EQ(report.peer.to_string(), socket->local_endpoint()->to_string());
  if (kHasTcpInfo) {
    // Read before close(): the kernel still knows the connection.
    EXPECT_EQ(report.tcp.bytes_received, data.size() + 1);  // + our FIN
    EXPECT_TRUE(report.tcp.rtt_us);
  }
}

}  // namespace
}  // namespace tcpc
