// SPDX-License-Identifier: MIT
// Opens connections until `count` are established or something stops us
// (descriptors, local ports, a server that stops answering), keeps them all
// open for a while, then checks that the server has not dropped any. Over
// TLS a connection is held once its handshake is done.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_clock.hpp"
#include "bench_stream.hpp"
#include "core/wait.hpp"
#include "tcpc/bench/workloads.hpp"
#include "tcpc/fd.hpp"

namespace tcpc::bench {
namespace {

struct Pending {
  Fd fd;                           // while TCP connects
  std::unique_ptr<Stream> stream;  // TLS: while the handshake runs
  Want wants = Want::write;
  Clock::time_point started;

  int fd_number() const { return stream ? stream->fd() : fd.get(); }
};

// The connections held: plain sockets, or TLS streams.
struct Held {
  std::vector<Fd> sockets;
  std::vector<std::unique_ptr<Stream>> streams;

  std::size_t size() const { return sockets.size() + streams.size(); }
  bool empty() const { return size() == 0; }
  std::vector<int> fds() const {
    std::vector<int> numbers;
    for (const Fd& fd : sockets)
      numbers.push_back(fd.get());
    for (const auto& stream : streams)
      numbers.push_back(stream->fd());
    return numbers;
  }
};

std::string why_socket_failed(int error, std::size_t opened) {
  if (error == EMFILE || error == ENFILE) {
    return "out of file descriptors after " + std::to_string(opened) +
           " connections (RLIMIT_NOFILE / fs.file-max)";
  }
  return std::string("socket: ") + std::strerror(error);
}

std::string why_connect_failed(int error, const Endpoint& server) {
  if (error == EADDRNOTAVAIL) return "out of local ports (net.ipv4.ip_local_port_range)";
  return "connect to " + server.to_string() + ": " + std::strerror(error);
}

// Polls every descriptor for `events` until each has answered or `patience`
// has passed; `check(i)` decides whether a ready one counts (nullopt: not
// yet, as when TLS read a session ticket but not the data). Returns the count.
template <typename Check>
std::size_t count_ready(const std::vector<int>& numbers, short events, Clock::duration patience,
                        Check check) {
  std::vector<pollfd> fds;
  for (int fd : numbers)
    fds.push_back({fd, events, 0});
  std::size_t count = 0;
  std::size_t waiting = fds.size();
  const auto deadline = Clock::now() + patience;
  while (waiting > 0) {
    const int ready = ::poll(fds.data(), fds.size(), detail::poll_timeout_until(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return count;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      pollfd& entry = fds[i];
      if (entry.revents == 0) continue;
      const std::optional<bool> counts = check(i);
      if (!counts) continue;
      if (*counts) ++count;
      entry.fd = -1;  // answered: poll() skips it from now on
      --waiting;
    }
  }
  return count;
}

// How many local ports one source address has for connections to one server.
std::size_t local_ports() {
  std::size_t low = 32768, high = 60999;  // Linux's default range
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  range >> low >> high;
  return high >= low ? high - low + 1 : 1;
}

// 127.0.0.1, 127.0.0.2, ...: enough source addresses for `count` connections
// to an IPv4 loopback server; none where one is enough or the server is elsewhere.
std::vector<Endpoint> loopback_sources(const Endpoint& server, std::size_t count) {
  if (server.family() != AF_INET) return {};
  const auto* in = reinterpret_cast<const sockaddr_in*>(server.data());
  if ((ntohl(in->sin_addr.s_addr) >> 24) != 127) return {};
  // Leave some ports for everything else on the machine.
  const std::size_t per_source = local_ports() * 9 / 10;
  const std::size_t needed = (count + per_source - 1) / per_source;
  std::vector<Endpoint> sources;
  for (std::size_t i = 1; needed > 1 && i <= needed && i < 255; ++i) {
    sockaddr_in source{};
    source.sin_family = AF_INET;
    source.sin_addr.s_addr = htonl((127u << 24) | static_cast<std::uint32_t>(i));
    sources.emplace_back(reinterpret_cast<const sockaddr*>(&source), sizeof source);
  }
  return sources;
}

// Binds a new socket to `source` before it connects. The port is chosen at
// connect() (IP_BIND_ADDRESS_NO_PORT), per destination, not reserved at bind().
bool bind_source(int fd, const Endpoint& source) {
#ifdef IP_BIND_ADDRESS_NO_PORT
  const int on = 1;
  ::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
#endif
  return ::bind(fd, source.data(), source.size()) == 0;
}

// Plain TCP: a connection the server closed or reset reads as EOF or an error.
bool socket_dropped(int fd) {
  char byte;
  return ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
}

// TLS: the same, after OpenSSL has taken what the server sent meanwhile
// (session tickets); close_notify or EOF reads as 0 bytes.
bool stream_dropped(Stream& stream) {
  char byte;
  auto read = stream.read_some({&byte, 1});
  return !read || (read->want == Want::nothing && read->bytes == 0);
}

// Moves a connected socket on: held at once for plain TCP; over TLS its
// handshake starts. An error text, or empty.
std::string connected(Fd fd, const Endpoint& server, const StreamMaker& make_stream, Held& held,
                      std::vector<Pending>& pending) {
  if (!make_stream) {
    held.sockets.push_back(std::move(fd));
    return {};
  }
  auto stream = wrap_stream(Socket(std::move(fd), server), make_stream);
  if (!stream) return stream.error().message();
  pending.push_back({Fd(), std::move(*stream), Want::write, Clock::now()});
  return {};
}

// One handshake step: true when this pending connection is finished with
// (held, or failed with `why` set).
bool handshake_step(Pending& p, Held& held, std::string& why) {
  auto step = p.stream->handshake();
  if (!step) {
    if (why.empty()) why = step.error().message();
    return true;
  }
  if (*step != Want::nothing) {
    p.wants = *step;
    return false;
  }
  held.streams.push_back(std::move(p.stream));
  return true;
}

}  // namespace

Result<HoldResult> hold_connections(const Endpoint& server, const HoldOptions& options,
                                    const StreamMaker& make_stream) {
  if (options.count == 0 || options.in_flight < 1)
    return Error(errc::invalid_argument, Operation::bench, "conns", "needs count >= 1");
  HoldResult result;
  Held held;
  held.sockets.reserve(make_stream ? 0 : options.count);
  held.streams.reserve(make_stream ? options.count : 0);
  std::vector<Pending> pending;
  std::vector<pollfd> fds;
  const std::vector<Endpoint> sources =
      options.sources.empty() ? loopback_sources(server, options.count) : options.sources;
  result.sources = std::max<std::size_t>(sources.size(), 1);
  std::size_t next_source = 0;
  const auto start = Clock::now();

  while (result.stopped_because.empty()) {
    // Keep `in_flight` handshakes going until the total is reached.
    while (pending.size() < static_cast<std::size_t>(options.in_flight) &&
           held.size() + pending.size() < options.count) {
      Fd fd(::socket(server.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
      if (!fd) {
        result.stopped_because = why_socket_failed(errno, held.size());
        break;
      }
      if (!sources.empty() && !bind_source(fd.get(), sources[next_source++ % sources.size()])) {
        result.stopped_because = errno == EADDRINUSE || errno == EADDRNOTAVAIL
                                     ? "out of local ports (net.ipv4.ip_local_port_range)"
                                     : std::string("bind: ") + std::strerror(errno);
        break;
      }
      if (::connect(fd.get(), server.data(), server.size()) == 0) {
        result.stopped_because = connected(std::move(fd), server, make_stream, held, pending);
      } else if (errno == EINPROGRESS) {
        pending.push_back({std::move(fd), nullptr, Want::write, Clock::now()});
      } else {
        result.stopped_because = why_connect_failed(errno, server);
        break;
      }
    }
    if (pending.empty()) break;

    fds.clear();
    for (const Pending& p : pending)
      fds.push_back({p.fd_number(), poll_events_for(p.wants), 0});
    if (::poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR)
      return system_error(errno, Operation::system_call, "poll");
    const auto now = Clock::now();
    std::vector<Pending> next;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      Pending& p = pending[i];
      if (fds[i].revents && p.stream) {
        if (!handshake_step(p, held, result.stopped_because)) next.push_back(std::move(p));
        continue;
      }
      if (fds[i].revents) {
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(p.fd.get(), SOL_SOCKET, SO_ERROR, &error, &length);
        if (error == 0) {
          std::string why = connected(std::move(p.fd), server, make_stream, held, next);
          if (result.stopped_because.empty()) result.stopped_because = why;
        } else if (result.stopped_because.empty()) {
          result.stopped_because = why_connect_failed(error, server);
        }
        continue;
      }
      if (now - p.started > to_clock(options.connect_timeout) && result.stopped_because.empty()) {
        result.stopped_because = "connect to " + server.to_string() +
                                 ": no answer within the timeout (the server stopped accepting)";
      }
      next.push_back(std::move(p));
    }
    pending = std::move(next);
    if (!result.stopped_because.empty()) pending.clear();  // give up on the stragglers
  }
  result.opened = held.size();
  result.open_seconds = seconds_between(start, Clock::now());
  if (result.stopped_because.empty())
    result.stopped_because = "reached " + std::to_string(options.count);
  if (held.empty()) {
    return Error(std::make_error_code(std::errc::connection_refused), Operation::bench, "conns",
                 result.stopped_because);
  }

  // Holding them open is the point of the test.
  std::this_thread::sleep_for(options.hold);
  const std::vector<int> numbers = held.fds();
  const std::size_t plain = held.sockets.size();
  const std::size_t dropped =
      count_ready(numbers, POLLIN, Clock::duration::zero(), [&](std::size_t i) {
        return std::optional<bool>(i < plain ? socket_dropped(numbers[i])
                                             : stream_dropped(*held.streams[i - plain]));
      });
  result.alive_after_hold = held.size() - dropped;

  if (options.ping) {
    const char byte = 'p';
    for (const Fd& fd : held.sockets)
      (void)::send(fd.get(), &byte, 1, MSG_NOSIGNAL);
    // A TLS record of one byte is small enough to go out at once.
    for (const auto& stream : held.streams)
      (void)stream->write_some({&byte, 1});
    result.answered_ping =
        count_ready(numbers, POLLIN, std::chrono::seconds(5), [&](std::size_t i) {
          char reply;
          if (i < plain)
            return std::optional<bool>(::recv(numbers[i], &reply, 1, MSG_DONTWAIT) == 1);
          auto read = held.streams[i - plain]->read_some({&reply, 1});
          if (read && read->want != Want::nothing) return std::optional<bool>();
          return std::optional<bool>(read && read->bytes == 1);
        });
  }
  return result;
}

}  // namespace tcpc::bench
