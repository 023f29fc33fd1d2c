// SPDX-License-Identifier: MIT
// UDP modes (-u), the tutorial's contrast to TCP: no connection, just
// datagrams. The client sends each input line as one datagram with sendto()
// and prints each reply datagram from recvfrom(); `-u -l` receives from
// anyone and sends input lines to the latest sender; `-u -l --mode echo`
// sends every datagram back to whoever sent it.
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "exit_code.hpp"
#include "modes.hpp"
#include "netcat.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/line_endings.hpp"
#include "tcpc/line_framer.hpp"
#include "tcpc/udp.hpp"
#include "tcpc/udp_echo.hpp"

namespace tcpc::cli {
namespace {

using Clock = std::chrono::steady_clock;

// One-shot waits this long for a reply when -w is not given (as over TCP).
constexpr Milliseconds kDefaultReplyTimeout{5'000};

struct DatagramTotals {
  std::uint64_t datagrams_sent = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t datagrams_received = 0;
  std::uint64_t bytes_received = 0;
};

// -C and --encoding applied to typed text, as in the TCP modes.
Result<std::string> to_wire(const Options& options, std::string_view text) {
  std::string line = options.crlf ? to_crlf(text) : std::string(text);
  if (options.encoding && !options.encoding->is_utf8()) return encode(*options.encoding, line);
  return line;
}

// The datagram counterpart of the TCP relay: input lines out, datagrams in.
class DatagramRelay {
 public:
  DatagramRelay(UdpSocket& socket, const Options& options) : socket_(socket), options_(options) {}

  std::optional<Endpoint> peer;  // where input goes; -l: the latest sender
  int input_fd = STDIN_FILENO;   // -1: nothing to read
  Milliseconds idle_timeout{0};  // no datagram either way for this long ends it; 0: never
  // One-shot: stop once input is done and there is a reply per datagram sent.
  bool stop_when_answered = false;

  // Sends one datagram as given (already encoded), to `peer`.
  Result<void> send(std::string_view datagram) {
    if (auto sent = socket_.send_to(datagram, *peer); !sent) return sent;
    ++totals_.datagrams_sent;
    totals_.bytes_sent += datagram.size();
    return {};
  }

  Result<DatagramTotals> run() {
    std::string chunk(64 * 1024, '\0');
    std::string datagram(kMaxDatagram, '\0');
    LineFramer framer;
    std::vector<std::string> lines;
    bool input_done = input_fd < 0;
    std::optional<Clock::time_point> quit_at;
    auto last_activity = Clock::now();

    for (;;) {
      auto now = Clock::now();
      if (input_done && !quit_at && options_.quit_after_eof) {
        quit_at = now + *options_.quit_after_eof;
      }
      if (quit_at && now >= *quit_at) break;
      if (stop_when_answered && input_done && totals_.datagrams_sent > 0 &&
          totals_.datagrams_received >= totals_.datagrams_sent) {
        break;
      }

      // Input waits until there is someone to send it to.
      pollfd fds[2] = {{-1, POLLIN, 0}, {socket_.fd(), POLLIN, 0}};
      if (!input_done && peer) fds[0].fd = input_fd;
      int timeout = -1;
      auto limit = [&](Clock::time_point deadline) {
        const auto left = std::chrono::ceil<Milliseconds>(deadline - now).count();
        const int ms = left > 0 ? static_cast<int>(left) : 0;
        timeout = timeout < 0 ? ms : std::min(timeout, ms);
      };
      if (idle_timeout.count() > 0) limit(last_activity + idle_timeout);
      if (quit_at) limit(*quit_at);

      const int ready = ::poll(fds, 2, timeout);
      if (ready < 0) {
        if (errno == EINTR) continue;
        return system_error(errno, "poll");
      }
      now = Clock::now();
      if (ready == 0) {
        if (idle_timeout.count() > 0 && now >= last_activity + idle_timeout) break;
        continue;
      }
      last_activity = now;

      if (fds[1].revents != 0) {
        Endpoint sender;
        auto received = socket_.recv_from(datagram, sender);
        if (!received) return received.error();
        if (!peer || options_.mode == Mode::listen) peer = sender;
        ++totals_.datagrams_received;
        totals_.bytes_received += *received;
        if (!show(std::string_view(datagram.data(), *received), sender)) break;
        if (options_.recv_size != 0 && totals_.bytes_received >= options_.recv_size) break;
      }
      if (fds[0].revents != 0) {
        ssize_t n;
        do {
          n = ::read(input_fd, chunk.data(), chunk.size());
        } while (n < 0 && errno == EINTR);
        if (n < 0) return system_error(errno, "read input");
        lines.clear();
        if (n == 0) {
          input_done = true;
          framer.finish(lines);
        } else {
          framer.feed(std::string_view(chunk.data(), static_cast<std::size_t>(n)), lines);
        }
        for (const std::string& line : lines) {
          auto wire = to_wire(options_, line);
          if (!wire) return wire.error();
          if (auto sent = send(*wire); !sent) return sent.error();
        }
      }
    }
    return totals_;
  }

 private:
  // One received datagram on stdout, byte-exact unless --encoding decodes
  // it; -v names the sender on stderr. False once stdout's reader is gone.
  bool show(std::string_view bytes, const Endpoint& sender) {
    if (options_.verbose > 0) {
      fmt::print(stderr, "{} bytes from {}\n", bytes.size(), sender.to_string());
      std::fflush(stderr);
    }
    std::string decoded;
    if (options_.encoding) {
      decoded = decode(*options_.encoding, bytes, options_.undecodable);
      bytes = decoded;
    }
    while (!bytes.empty()) {
      const ssize_t n = ::write(STDOUT_FILENO, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;  // EPIPE (`| head`): not an error, just the end
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  UdpSocket& socket_;
  const Options& options_;
  DatagramTotals totals_;
};

ResolveOptions datagram_resolve_options(const Options& options, bool passive) {
  ResolveOptions resolve_options;
  resolve_options.family = options.family;
  resolve_options.numeric_host = options.numeric;
  resolve_options.passive = passive;
  resolve_options.socket_type = SOCK_DGRAM;
  return resolve_options;
}

void print_totals(const DatagramTotals& totals) {
  fmt::print(stderr, "{} datagrams ({} bytes) sent, {} datagrams ({} bytes) received\n",
             totals.datagrams_sent, totals.bytes_sent, totals.datagrams_received,
             totals.bytes_received);
}

// The running echo server, for the signal handler; stop() is async-signal-safe.
UdpEchoServer* running_echo = nullptr;
volatile std::sig_atomic_t stop_signal = 0;

extern "C" void on_udp_echo_stop_signal(int signal) {
  stop_signal = signal;
  if (running_echo) running_echo->stop();
}

Result<int> serve_echo(UdpSocket socket, const Options& options) {
  UdpEchoOptions echo_options;
  echo_options.once = options.once;
  if (options.verbose > 0) {
    echo_options.log = [](std::string_view line) {
      fmt::print(stderr, "{}\n", line);
      std::fflush(stderr);
    };
  }
  auto server = UdpEchoServer::create(std::move(socket), std::move(echo_options));
  if (!server) return server.error();

  running_echo = &*server;
  struct sigaction action {};
  action.sa_handler = on_udp_echo_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  auto totals = server->run();
  running_echo = nullptr;
  if (!totals) return totals.error();
  if (options.verbose > 0 || stop_signal != 0) {
    fmt::print(stderr, "{} datagrams ({} bytes) echoed\n", totals->datagrams, totals->bytes);
  }
  if (stop_signal == SIGINT) return kInterrupted;
  if (stop_signal == SIGTERM) return kTerminated;
  return kSuccess;
}

}  // namespace

Result<int> run_udp_client(const Options& options) {
  // Check and prepare everything the user gave before touching the network.
  const bool oneshot = options.mode == Mode::oneshot;
  if (!oneshot && !options.send_file && !options.no_stdin) {
    if (auto checked = check_stdin(); !checked) return checked.error();
  }
  Fd file;
  std::string payload;  // --send or --hex: exactly one datagram
  if (options.send_file) {
    auto opened = open_input_file(*options.send_file);
    if (!opened) return opened.error();
    file = std::move(*opened);
  } else if (options.send_hex) {
    payload = *options.send_hex;
  } else if (options.send_text) {
    auto wire = to_wire(options, *options.send_text);
    if (!wire) return wire.error();
    payload = std::move(*wire);
  }
  auto endpoints = resolve(options.host, options.port, datagram_resolve_options(options, false));
  if (!endpoints) return endpoints.error();
  Endpoint peer = endpoints->front();
  std::optional<Endpoint> source;
  if (options.source) {
    // A source address (-s) decides the family: use a peer address of that family.
    for (const Endpoint& endpoint : *endpoints) {
      if (endpoint.family() == options.source->family()) {
        peer = endpoint;
        break;
      }
    }
    source = source_for(*options.source, peer);  // -p alone fits any family
  }

  auto socket = UdpSocket::open(peer.family(), source);
  if (!socket) return socket.error();
  // Connected, so an ICMP "port unreachable" comes back as "Connection refused".
  if (auto connected = socket->connect(peer); !connected) return connected.error();
  if (options.verbose > 0) {
    auto local = socket->local_endpoint();
    fmt::print(stderr, "UDP to {} from {}\n", peer.to_string(),
               local ? local->to_string() : std::string("?"));
  }

  DatagramRelay relay(*socket, options);
  relay.peer = peer;
  relay.input_fd = options.send_file ? file.get() : options.no_stdin ? -1 : STDIN_FILENO;
  relay.idle_timeout = options.timeout.value_or(oneshot ? kDefaultReplyTimeout : Milliseconds(0));
  relay.stop_when_answered = oneshot;
  if (oneshot && !options.send_file) {
    relay.input_fd = -1;
    if (auto sent = relay.send(payload); !sent) return sent.error();
  }

  auto totals = relay.run();
  if (!totals) return totals.error();
  if (options.verbose > 0) print_totals(*totals);
  if (oneshot && totals->datagrams_received == 0) {
    return Error(std::make_error_code(std::errc::timed_out), "recv from " + peer.to_string(),
                 fmt::format("no reply within {:g} s", relay.idle_timeout.count() / 1000.0));
  }
  return kSuccess;
}

Result<int> run_udp_listen(const Options& options) {
  auto endpoints = resolve(options.host, options.port, datagram_resolve_options(options, true));
  if (!endpoints) return endpoints.error();
  auto socket = UdpSocket::bind(*endpoints);
  if (!socket) return socket.error();
  // Always printed: with port 0 it is the only way to learn the port.
  auto local = socket->local_endpoint();
  fmt::print(stderr, "Listening on {}\n", local ? local->to_string() : std::string("?"));
  std::fflush(stderr);

  if (options.mode == Mode::serve) return serve_echo(std::move(*socket), options);

  DatagramRelay relay(*socket, options);
  relay.input_fd = options.no_stdin ? -1 : STDIN_FILENO;
  relay.idle_timeout = options.timeout.value_or(Milliseconds(0));
  auto totals = relay.run();
  if (!totals) return totals.error();
  if (options.verbose > 0) print_totals(*totals);
  return kSuccess;
}

}  // namespace tcpc::cli
