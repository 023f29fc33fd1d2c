// SPDX-License-Identifier: MIT
// Ping-pong: send a request, wait for all of its echo, record the round trip,
// repeat. Blocking calls with socket timeouts, so nothing but send() and
// recv() (over TLS: SSL_write and SSL_read) sits between the two clock readings.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <memory>
#include <string>

#include "bench_clock.hpp"
#include "bench_stream.hpp"
#include "tcpc/bench/workloads.hpp"
#include "tcpc/socket.hpp"

namespace tcpc::bench {
namespace {

// A server that does not answer within this long fails the run.
constexpr timeval kPatience{5, 0};

}  // namespace

Result<RoundTripResult> round_trips(const Endpoint& server, const RoundTripOptions& options,
                                    const StreamMaker& make_stream) {
  if (options.size == 0)
    return Error(errc::invalid_argument, Operation::bench, "rr", "size must be >= 1");
  auto opened = open_stream(server, make_stream);
  if (!opened) return opened.error();
  Stream& stream = **opened;
  if (auto nodelay = stream.socket().set_nodelay(true); !nodelay) return nodelay.error();
  // Blocking from here on, so each call waits in the kernel: EAGAIN (a
  // stream's Want) only means the patience ran out.
  if (auto blocking = stream.socket().set_nonblocking(false); !blocking) return blocking.error();
  const int fd = stream.fd();
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &kPatience, sizeof kPatience);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &kPatience, sizeof kPatience);
  const std::string peer = server.to_string();
  const Error no_echo(std::make_error_code(std::errc::timed_out), Operation::receive, peer,
                      "no echo within 5 s (is it an echo server?)");

  const std::string request(options.size, 'q');
  auto reply = std::make_unique_for_overwrite<char[]>(options.size);
  RoundTripResult result;
  const auto start = Clock::now();
  const auto deadline = start + to_clock(options.duration);
  for (;;) {
    const auto sent_at = Clock::now();
    if (sent_at >= deadline) break;
    for (std::size_t sent = 0; sent < request.size();) {
      auto written = stream.write_some(std::string_view(request).substr(sent));
      if (!written) return written.error();
      if (written->want != Want::nothing) {
        return Error(std::make_error_code(std::errc::timed_out), Operation::send, peer,
                     "the server took nothing for 5 s");
      }
      sent += written->bytes;
    }
    for (std::size_t got = 0; got < options.size;) {
      auto read = stream.read_some({reply.get() + got, options.size - got});
      if (!read) return read.error();
      if (read->want != Want::nothing) return no_echo;
      if (read->bytes == 0) {
        return Error(std::make_error_code(std::errc::connection_aborted), Operation::receive, peer,
                     "the server closed the connection after " +
                         std::to_string(result.nanoseconds.count()) + " round trips");
      }
      got += read->bytes;
    }
    result.nanoseconds.record(nanoseconds_between(sent_at, Clock::now()));
  }
  result.seconds = seconds_between(start, Clock::now());
  return result;
}

}  // namespace tcpc::bench
