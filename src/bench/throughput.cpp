// SPDX-License-Identifier: MIT
// Bulk transfer from memory to memory: send() a fixed block over and over,
// recv() into one buffer, nothing touched per byte, like iperf3.
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "bench_clock.hpp"
#include "tcpc/bench/workloads.hpp"
#include "tcpc/socket.hpp"

namespace tcpc::bench {
namespace {

// After the last byte is sent, how long to wait for the server to close
// (its echo, if any, is not measured in the send direction).
constexpr auto kLinger = std::chrono::seconds(2);
// A connection where nothing moves for this long is reported, not waited on.
constexpr auto kStall = std::chrono::seconds(10);

Result<StreamResult> run_stream(Socket socket, const ThroughputOptions& options,
                                std::string_view block) {
  if (auto nb = socket.set_nonblocking(true); !nb) return nb.error();
  const std::string peer = socket.peer().to_string();
  const int fd = socket.fd();
  const std::size_t chunk = options.block_size;
  auto buffer = std::make_unique_for_overwrite<char[]>(chunk);

  const bool sending = options.direction != Direction::recv;
  // In the send direction an echo is drained without copying it (MSG_TRUNC):
  // only what we send is measured.
  const bool measure_receive = options.direction != Direction::send;
  const bool timed = options.bytes == 0;
  const auto start = Clock::now();
  const auto deadline = start + to_clock(options.duration);
  auto last_send = start;
  auto last_receive = start;
  auto last_progress = start;
  auto send_finished = start;
  bool send_done = !sending;
  bool receive_done = false;
  StreamResult result;

  for (;;) {
    auto now = Clock::now();
    if (!send_done && (timed ? now >= deadline : result.bytes_sent >= options.bytes)) {
      ::shutdown(fd, SHUT_WR);
      send_done = true;
      send_finished = now;
    }
    if (!sending && !receive_done &&
        (timed ? now >= deadline : result.bytes_received >= options.bytes)) {
      receive_done = true;
    }
    // An echo that does not close when we do: done once all of it is back.
    if (send_done && sending && measure_receive && result.bytes_received >= result.bytes_sent)
      receive_done = true;
    if (send_done && receive_done) break;
    if (send_done && !measure_receive && now - send_finished > kLinger) break;
    if (now - last_progress > kStall) {
      return Error(std::make_error_code(std::errc::timed_out), "bench with " + peer,
                   "nothing moved for 10 s");
    }

    pollfd entry{fd, 0, 0};
    if (!send_done) entry.events |= POLLOUT;
    if (!receive_done) entry.events |= POLLIN;
    int timeout_ms = 1000;
    if (timed && now < deadline) timeout_ms = std::min(timeout_ms, milliseconds_until(deadline));
    const int ready = ::poll(&entry, 1, timeout_ms);
    if (ready < 0 && errno != EINTR) return system_error(errno, "poll");
    if (ready <= 0) continue;

    if (entry.revents & (POLLOUT | POLLERR | POLLHUP) && !send_done) {
      for (int i = 0; i < 16; ++i) {
        std::size_t length = chunk;
        if (!timed) length = std::min<std::uint64_t>(length, options.bytes - result.bytes_sent);
        if (length == 0) break;
        const ssize_t n = ::send(fd, block.data(), length, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;
        if (n < 0) return system_error(errno, "send to " + peer);
        result.bytes_sent += static_cast<std::uint64_t>(n);
      }
      last_send = last_progress = Clock::now();
    }
    if (entry.revents & (POLLIN | POLLERR | POLLHUP) && !receive_done) {
      for (int i = 0; i < 16; ++i) {
        std::size_t length = chunk;
        if (!timed && !sending)
          length = std::min<std::uint64_t>(length, options.bytes - result.bytes_received);
        if (length == 0) break;
        const ssize_t n = ::recv(fd, buffer.get(), length, measure_receive ? 0 : MSG_TRUNC);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;
        if (n < 0) return system_error(errno, "recv from " + peer);
        if (n == 0) {
          // A server that only reads may half-close at once; one that closes
          // for good makes the next send() fail. An echo must not end early.
          receive_done = true;
          if (!send_done && measure_receive) {
            return Error(std::make_error_code(std::errc::connection_aborted), "recv from " + peer,
                         "the server closed the connection after " +
                             std::to_string(result.bytes_received) + " bytes");
          }
          break;
        }
        result.bytes_received += static_cast<std::uint64_t>(n);
      }
      last_receive = last_progress = Clock::now();
    }
  }
  result.send_seconds = seconds_between(start, last_send);
  result.receive_seconds = seconds_between(start, last_receive);
  if (!measure_receive) result.bytes_received = 0;
  return result;
}

}  // namespace

Result<ThroughputResult> throughput(const Endpoint& server, const ThroughputOptions& options) {
  if (options.parallel < 1 || options.block_size == 0)
    return Error(errc::invalid_argument, "bench throughput", "needs --parallel >= 1");
  // Connect every stream first, so they all start together.
  std::vector<Socket> sockets;
  for (int i = 0; i < options.parallel; ++i) {
    auto socket = connect(server, ConnectOptions{std::chrono::seconds(10), {}});
    if (!socket) return socket.error();
    sockets.push_back(std::move(*socket));
  }
  const std::string block(options.block_size, 'x');
  std::vector<std::optional<Result<StreamResult>>> outcomes(sockets.size());
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 1; i < sockets.size(); ++i) {
      threads.emplace_back(
          [&, i] { outcomes[i] = run_stream(std::move(sockets[i]), options, block); });
    }
    outcomes[0] = run_stream(std::move(sockets[0]), options, block);
  }
  ThroughputResult total;
  for (auto& outcome : outcomes) {
    if (!*outcome) return outcome->error();
    const StreamResult& stream = **outcome;
    total.streams.push_back(stream);
    total.bytes_sent += stream.bytes_sent;
    total.bytes_received += stream.bytes_received;
    total.send_seconds = std::max(total.send_seconds, stream.send_seconds);
    total.receive_seconds = std::max(total.receive_seconds, stream.receive_seconds);
  }
  return total;
}

}  // namespace tcpc::bench
