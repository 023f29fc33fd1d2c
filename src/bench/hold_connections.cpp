// SPDX-License-Identifier: MIT
// Opens connections until `count` are established or something stops us
// (descriptors, local ports, a server that stops answering), keeps them all
// open for a while, then checks that the server has not dropped any.
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "bench_clock.hpp"
#include "tcpc/bench/workloads.hpp"
#include "tcpc/fd.hpp"

namespace tcpc::bench {
namespace {

struct Pending {
  Fd fd;
  Clock::time_point started;
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

// Polls every socket for `events` until each has answered or `patience` has
// passed; `check` decides whether a ready socket counts. Returns the count.
template <typename Check>
std::size_t count_ready(const std::vector<Fd>& sockets, short events, Clock::duration patience,
                        Check check) {
  std::vector<pollfd> fds;
  for (const Fd& fd : sockets)
    fds.push_back({fd.get(), events, 0});
  std::size_t count = 0;
  std::size_t waiting = fds.size();
  const auto deadline = Clock::now() + patience;
  while (waiting > 0) {
    const int ready = ::poll(fds.data(), fds.size(), milliseconds_until(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return count;
    for (pollfd& entry : fds) {
      if (entry.revents == 0) continue;
      if (check(entry.fd)) ++count;
      entry.fd = -1;  // answered: poll() skips it from now on
      --waiting;
    }
  }
  return count;
}

}  // namespace

Result<HoldResult> hold_connections(const Endpoint& server, const HoldOptions& options) {
  if (options.count == 0 || options.in_flight < 1)
    return Error(errc::invalid_argument, "bench conns", "needs -n >= 1");
  HoldResult result;
  std::vector<Fd> held;
  held.reserve(options.count);
  std::vector<Pending> pending;
  std::vector<pollfd> fds;
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
      if (::connect(fd.get(), server.data(), server.size()) == 0) {
        held.push_back(std::move(fd));
      } else if (errno == EINPROGRESS) {
        pending.push_back({std::move(fd), Clock::now()});
      } else {
        result.stopped_because = why_connect_failed(errno, server);
        break;
      }
    }
    if (pending.empty()) break;

    fds.clear();
    for (const Pending& p : pending)
      fds.push_back({p.fd.get(), POLLOUT, 0});
    if (::poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR)
      return system_error(errno, "poll");
    const auto now = Clock::now();
    std::size_t kept = 0;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      Pending& p = pending[i];
      if (fds[i].revents) {
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(p.fd.get(), SOL_SOCKET, SO_ERROR, &error, &length);
        if (error == 0) {
          held.push_back(std::move(p.fd));
        } else if (result.stopped_because.empty()) {
          result.stopped_because = why_connect_failed(error, server);
        }
        continue;
      }
      if (now - p.started > to_clock(options.connect_timeout) && result.stopped_because.empty()) {
        result.stopped_because = "connect to " + server.to_string() +
                                 ": no answer within the timeout (the server stopped accepting)";
      }
      pending[kept++] = std::move(p);
    }
    pending.resize(kept);
    if (!result.stopped_because.empty()) pending.clear();  // give up on the stragglers
  }
  result.opened = held.size();
  result.open_seconds = seconds_between(start, Clock::now());
  if (result.stopped_because.empty())
    result.stopped_because = "reached " + std::to_string(options.count);
  if (held.empty()) {
    return Error(std::make_error_code(std::errc::connection_refused), "bench conns",
                 result.stopped_because);
  }

  // Holding them open is the point of the test.
  std::this_thread::sleep_for(options.hold);
  // A connection the server closed or reset meanwhile reads as EOF or an error.
  const std::size_t dropped = count_ready(held, POLLIN, Clock::duration::zero(), [](int fd) {
    char byte;
    return ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
  });
  result.alive_after_hold = held.size() - dropped;

  if (options.ping) {
    const char byte = 'p';
    for (const Fd& fd : held)
      (void)::send(fd.get(), &byte, 1, MSG_NOSIGNAL);
    result.answered_ping = count_ready(held, POLLIN, std::chrono::seconds(5), [](int fd) {
      char reply;
      return ::recv(fd, &reply, 1, MSG_DONTWAIT) == 1;
    });
  }
  return result;
}

}  // namespace tcpc::bench
