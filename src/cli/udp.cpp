// SPDX-License-Identifier: MIT
// UDP modes (-u), the tutorial's contrast to TCP: no connection, just
// datagrams. The client sends each input line as one datagram with sendto()
// and prints each reply datagram from recvfrom(); `-u -l` receives from
// anyone and sends input lines to the latest sender; `-u -l --mode ...`
// serves everyone (udp_serve.cpp). The display, -o, --repeat and --stats are
// the parts the TCP modes use, driven per datagram (udp_relay.hpp).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>

#include "exit_code.hpp"
#include "i18n.hpp"
#include "modes.hpp"
#include "netcat.hpp"
#include "relay_display.hpp"
#include "stats_output.hpp"
#include "stop_signals.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/socket_options.hpp"
#include "tcpc/udp.hpp"
#include "udp_relay.hpp"
#include "udp_serve.hpp"

namespace tcpc::cli {
namespace {

using Clock = std::chrono::steady_clock;

// One-shot waits this long for a reply when -w is not given (as over TCP).
constexpr Milliseconds kDefaultReplyTimeout{5'000};

Microseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<Microseconds>(Clock::now() - start);
}

ResolveOptions datagram_resolve_options(const Options& options, bool passive) {
  ResolveOptions resolve_options;
  resolve_options.family = options.family;
  resolve_options.numeric_host = options.numeric;
  resolve_options.passive = passive;
  resolve_options.socket_type = SOCK_DGRAM;
  return resolve_options;
}

void print_totals(const DatagramTotals& totals) {
  fmt::print(
      stderr, "{}\n",
      trf("{} ({}) sent, {} ({}) received",
          trnf("{} datagram", "{} datagrams", totals.datagrams_sent, totals.datagrams_sent),
          trnf("{} byte", "{} bytes", totals.bytes_sent, totals.bytes_sent),
          trnf("{} datagram", "{} datagrams", totals.datagrams_received, totals.datagrams_received),
          trnf("{} byte", "{} bytes", totals.bytes_received, totals.bytes_received)));
}

DatagramReport report_of(const DatagramTotals& totals, const UdpSocket& socket, Role role,
                         Microseconds duration) {
  DatagramReport report;
  report.role = role;
  if (auto local = socket.local_endpoint()) report.local = *local;
  report.duration = duration;
  report.datagrams_sent = totals.datagrams_sent;
  report.bytes_sent = totals.bytes_sent;
  report.datagrams_received = totals.datagrams_received;
  report.bytes_received = totals.bytes_received;
  return report;
}

// What the client sends: --file's lines, the --send/--hex datagram (both
// --repeat times), or stdin's lines. `file` keeps --file open.
Result<DatagramInput> client_input(const Options& options, Fd& file) {
  DatagramInput input;
  if (options.send_file) {
    auto opened = open_input_file(*options.send_file);
    if (!opened) return opened.error();
    file = std::move(*opened);
    input.fd = file.get();
    input.rewind = true;
  } else if (options.send_hex) {
    input.payload = *options.send_hex;
  } else if (options.send_text) {
    // Already with -C's CRLF (options.cpp); encoded here, as over TCP.
    input.payload = *options.send_text;
    if (options.encoding && !options.encoding->is_utf8()) {
      auto encoded = encode(*options.encoding, *options.send_text);
      if (!encoded) return encoded.error();
      input.payload = std::move(*encoded);
    }
  } else if (!options.no_stdin) {
    if (auto checked = check_stdin(); !checked) return checked.error();
    input.fd = STDIN_FILENO;
  }
  // --append: the one datagram here; each line as it is sent (udp_relay.cpp).
  if (input.payload && !options.append.empty())
    input.payload = append_checksums(options.append, *input.payload);
  if (options.mode == Mode::oneshot) {
    input.rounds = options.repeat;
    input.interval = options.interval;
  }
  return input;
}

// The server to send to; with -s, one of the source address's family.
Result<Endpoint> client_peer(const Options& options, std::optional<Endpoint>& source,
                             Microseconds& resolve_time) {
  const auto start = Clock::now();
  auto endpoints = resolve(options.host, options.port, datagram_resolve_options(options, false));
  if (!endpoints) return endpoints.error();
  resolve_time = since(start);
  Endpoint peer = endpoints->front();
  if (options.source) {
    for (const Endpoint& endpoint : *endpoints) {
      if (endpoint.family() == options.source->family()) {
        peer = endpoint;
        break;
      }
    }
    source = source_for(*options.source, peer);  // -p alone fits any family
  }
  return peer;
}

// After the relay: totals, -o's failure, Ctrl-C, the one-shot's missing reply.
Result<int> client_outcome(const Options& options, const DatagramTotals& totals,
                           const RelayDisplay& display, StopSignals& stop, const Endpoint& peer,
                           Milliseconds waited) {
  if (options.verbose > 0) print_totals(totals);
  if (display.output && display.output->error()) return *display.output->error();
  if (totals.cancelled) return stop.exit_code().value_or(kInterrupted);
  if (options.mode == Mode::oneshot && totals.datagrams_received == 0) {
    return Error(std::make_error_code(std::errc::timed_out), Operation::receive, peer.to_string(),
                 Reason::no_reply, {fmt::format("{:g}", waited.count() / 1000.0)});
  }
  return kSuccess;
}

}  // namespace

Result<int> run_udp_client(const Options& options) {
  // Check and prepare everything the user gave before touching the network.
  const bool oneshot = options.mode == Mode::oneshot;
  Fd file;
  auto input = client_input(options, file);
  if (!input) return input.error();
  auto stats = StatsOutput::open(options.stats);
  if (!stats) return stats.error();
  // As over TCP: typed lines are converted, files and one-shot data go as given.
  RelayDisplay display;
  if (auto made = make_relay_display(options, !oneshot, oneshot && !options.send_file, display);
      !made)
    return made.error();
  if (options.crlf && input->fd >= 0) display.outgoing = crlf_then(std::move(display.outgoing));

  std::optional<Endpoint> source;
  Microseconds resolve_time{0};
  auto peer = client_peer(options, source, resolve_time);
  if (!peer) return peer.error();
  auto socket = UdpSocket::open(peer->family(), source);
  if (!socket) return socket.error();
  if (auto set = apply(socket->fd(), options.socket_settings); !set) return set.error();
  // Connected, so an ICMP "port unreachable" comes back as "Connection refused".
  if (auto connected = socket->connect(*peer); !connected) return connected.error();
  if (options.verbose > 0) {
    auto local = socket->local_endpoint();
    fmt::print(
        stderr, "{}\n",
        trf("UDP to {} from {}", peer->to_string(), local ? local->to_string() : std::string("?")));
  }
  // Ctrl-C or SIGTERM ends the relay; the totals and --stats are still printed.
  auto stop = StopSignals::install();
  if (!stop) return stop.error();

  DatagramRelay relay(*socket, options, display);
  relay.peer = *peer;
  relay.input = std::move(*input);
  relay.idle_timeout = options.timeout.value_or(oneshot ? kDefaultReplyTimeout : Milliseconds(0));
  // Quiet gaps between repeated sends are expected, not a dead server.
  if (oneshot && options.repeat != 1) relay.idle_timeout += options.interval;
  // --recv-size N: an answer may take several datagrams (a source server's); wait for N bytes.
  relay.stop_when_answered = oneshot && options.recv_size == 0;
  relay.cancel_fd = stop->fd();
  const auto start = Clock::now();
  auto totals = relay.run();
  if (!totals) return totals.error();
  if (*stats) {
    DatagramReport report = report_of(*totals, *socket, Role::client, since(start));
    report.peer = *peer;
    report.resolve_time = resolve_time;
    (*stats)->datagrams(report);
  }
  return client_outcome(options, *totals, display, *stop, *peer, relay.idle_timeout);
}

Result<int> run_udp_listen(const Options& options) {
  if (options.mode == Mode::listen && !options.no_stdin) {
    if (auto checked = check_stdin(); !checked) return checked.error();
  }
  auto stats = StatsOutput::open(options.stats);
  if (!stats) return stats.error();
  RelayDisplay display;  // -u -l: the relay's display, as for TCP's -l
  if (options.mode == Mode::listen) {
    if (auto made = make_relay_display(options, true, false, display); !made) return made.error();
    if (options.crlf) display.outgoing = crlf_then(std::move(display.outgoing));
  }
  // Before "Listening on": from then on Ctrl-C ends it and the totals are printed.
  auto stop = StopSignals::install();
  if (!stop) return stop.error();
  auto endpoints = resolve(options.host, options.port, datagram_resolve_options(options, true));
  if (!endpoints) return endpoints.error();
  auto socket = UdpSocket::bind(*endpoints);
  if (!socket) return socket.error();
  if (auto set = apply(socket->fd(), options.socket_settings); !set) return set.error();
  // Always printed: with port 0 it is the only way to learn the port. In
  // English in every locale, as TCP's (listen.cpp): scripts read it.
  auto local = socket->local_endpoint();
  fmt::print(stderr, "Listening on {}\n", local ? local->to_string() : std::string("?"));
  std::fflush(stderr);

  if (options.mode == Mode::serve) return serve_udp(std::move(*socket), options, *stop, *stats);

  DatagramRelay relay(*socket, options, display);
  relay.input.fd = options.no_stdin ? -1 : STDIN_FILENO;
  relay.idle_timeout = options.timeout.value_or(Milliseconds(0));
  relay.cancel_fd = stop->fd();
  const auto start = Clock::now();
  auto totals = relay.run();
  if (!totals) return totals.error();
  if (*stats) {
    DatagramReport report = report_of(*totals, *socket, Role::server, since(start));
    if (relay.peer) report.peer = *relay.peer;
    (*stats)->datagrams(report);
  }
  if (options.verbose > 0) print_totals(*totals);
  if (display.output && display.output->error()) return *display.output->error();
  if (totals->cancelled) return stop->exit_code().value_or(kInterrupted);
  return kSuccess;
}

}  // namespace tcpc::cli
