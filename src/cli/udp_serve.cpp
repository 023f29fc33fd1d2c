// SPDX-License-Identifier: MIT
#include "udp_serve.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "chunk_view.hpp"
#include "counts.hpp"
#include "exit_code.hpp"
#include "i18n.hpp"
#include "server_log.hpp"
#include "tcpc/udp_server.hpp"
#include "tcpc/udp_stats.hpp"

namespace tcpc::cli {
namespace {

void log_line(std::string_view line) {
  fmt::print(stderr, "{}\n", line);
  std::fflush(stderr);
}

// --mode print: every datagram on stdout under a header with the time and
// its sender ("[14:03:27.415] #2 127.0.0.1:40312 < 6 bytes"), in the chosen
// view: the TCP print server's display, one chunk per datagram.
class DatagramPrinter {
 public:
  explicit DatagramPrinter(const Options& options)
      : view_([&] {
          DisplayOptions display = display_options(options);
          display.time = true;  // a log of many senders: always timed
          return display;
        }()) {}
  ~DatagramPrinter() {
    std::string rest;
    view_.finish(rest);
    write(rest);
  }
  void on_data(const SenderData& data) {
    std::string text;
    view_.append(Direction::received, data.bytes, WallClock::now(), text,
                 fmt::format("#{} {}", data.sender, data.peer.to_string()));
    write(text);
  }

 private:
  static void write(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }
  ChunkView view_;
};

UdpServerOptions server_options(const Options& options, const StopSignals& stop) {
  UdpServerOptions server_options;
  server_options.mode = options.server_mode;
  server_options.reply = options.reply;
  server_options.source_bytes = options.source_bytes;
  server_options.once = options.once;
  server_options.access = options.access;
  server_options.cancel_fd = stop.fd();
  // Every new sender, as the TCP server logs each client, in the user's language.
  server_options.on_event = [](const UdpServerEvent& event) { log_line(server_log_line(event)); };
  server_options.log_datagrams = options.verbose > 0;
  return server_options;
}

}  // namespace

Result<int> serve_udp(UdpSocket socket, const Options& options, StopSignals& stop,
                      std::optional<StatsOutput>& stats) {
  UdpServerOptions settings = server_options(options, stop);
  std::optional<DatagramPrinter> printer;
  if (options.server_mode == ServerMode::print) {
    printer.emplace(options);
    settings.on_data = [&printer](const SenderData& data) { printer->on_data(data); };
  }
  auto server = UdpServer::create(std::move(socket), std::move(settings));
  if (!server) return server.error();
  const auto start = std::chrono::steady_clock::now();
  auto totals = server->run();
  printer.reset();
  if (!totals) return totals.error();
  if (stats) {
    DatagramReport report;
    report.role = Role::server;
    if (auto local = server->socket().local_endpoint()) report.local = *local;
    report.duration =
        std::chrono::duration_cast<Microseconds>(std::chrono::steady_clock::now() - start);
    report.senders = totals->senders;
    report.datagrams_sent = totals->datagrams_sent;
    report.bytes_sent = totals->bytes_sent;
    report.datagrams_received = totals->datagrams_received;
    report.bytes_received = totals->bytes_received;
    stats->datagrams(report);
  }
  const std::optional<int> stopped = stop.exit_code();
  if (options.verbose > 0 || stopped) {
    fmt::print(stderr, "{}\n",
               trf("{}, received {} in {}, sent {} in {}", senders_text(totals->senders),
                   bytes_text(totals->bytes_received), datagrams_text(totals->datagrams_received),
                   bytes_text(totals->bytes_sent), datagrams_text(totals->datagrams_sent)));
  }
  return stopped.value_or(kSuccess);
}

}  // namespace tcpc::cli
