// SPDX-License-Identifier: MIT
// Ping-pong: send a request, wait for all of its echo, record the round trip,
// repeat. Blocking calls with socket timeouts, so nothing but send() and
// recv() sits between the two clock readings.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <memory>
#include <string>

#include "bench_clock.hpp"
#include "tcpc/bench/workloads.hpp"
#include "tcpc/socket.hpp"

namespace tcpc::bench {
namespace {

// A server that does not answer within this long fails the run.
constexpr timeval kPatience{5, 0};

}  // namespace

Result<RoundTripResult> round_trips(const Endpoint& server, const RoundTripOptions& options) {
  if (options.size == 0) return Error(errc::invalid_argument, "bench rr", "--size must be >= 1");
  auto socket = connect(server, ConnectOptions{std::chrono::seconds(10), {}});
  if (!socket) return socket.error();
  if (auto nodelay = socket->set_nodelay(true); !nodelay) return nodelay.error();
  const int fd = socket->fd();
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &kPatience, sizeof kPatience);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &kPatience, sizeof kPatience);
  const std::string peer = server.to_string();

  const std::string request(options.size, 'q');
  auto reply = std::make_unique_for_overwrite<char[]>(options.size);
  RoundTripResult result;
  const auto start = Clock::now();
  const auto deadline = start + to_clock(options.duration);
  for (;;) {
    const auto sent_at = Clock::now();
    if (sent_at >= deadline) break;
    for (std::size_t sent = 0; sent < request.size();) {
      const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return system_error(errno, "send to " + peer);
      sent += static_cast<std::size_t>(n);
    }
    for (std::size_t got = 0; got < options.size;) {
      const ssize_t n = ::recv(fd, reply.get() + got, options.size - got, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) {
        return Error(std::make_error_code(std::errc::timed_out), "recv from " + peer,
                     "no echo within 5 s (is it an echo server?)");
      }
      if (n < 0) return system_error(errno, "recv from " + peer);
      if (n == 0) {
        return Error(std::make_error_code(std::errc::connection_aborted), "recv from " + peer,
                     "the server closed the connection after " +
                         std::to_string(result.nanoseconds.count()) + " round trips");
      }
      got += static_cast<std::size_t>(n);
    }
    result.nanoseconds.record(nanoseconds_between(sent_at, Clock::now()));
  }
  result.seconds = seconds_between(start, Clock::now());
  return result;
}

}  // namespace tcpc::bench
