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
#include "bench_stream.hpp"
#include "core/wait.hpp"
#include "tcpc/bench/workloads.hpp"
#include "tcpc/socket.hpp"
#include "tcpc/stream.hpp"

namespace tcpc::bench {
namespace {

// After the last byte is sent, how long to wait for the server to close
// (its echo, if any, is not measured in the send direction).
constexpr auto kLinger = std::chrono::seconds(2);
// A connection where nothing moves for this long is reported, not waited on.
constexpr auto kStall = std::chrono::seconds(10);

// One read. An echo that is not measured is dropped in the kernel on a plain
// socket (MSG_TRUNC: no copy); a TLS stream has to decrypt it anyway.
Result<IoStatus> read_once(Stream& stream, std::span<char> buffer, bool discard) {
  if (!discard) return stream.read_some(buffer);
  for (;;) {
    const ssize_t n = ::recv(stream.fd(), buffer.data(), buffer.size(), MSG_TRUNC);
    if (n >= 0) return IoStatus{static_cast<std::size_t>(n), Want::nothing};
    if (errno == EAGAIN || errno == EWOULDBLOCK) return IoStatus{0, Want::read};
    if (errno != EINTR) return system_error(errno, Operation::receive, stream.peer().to_string());
  }
}

// `plain`: the stream is the socket itself (SocketStream).
Result<StreamResult> run_stream(Stream& stream, bool plain, const ThroughputOptions& options,
                                std::string_view block) {
  const std::string peer = stream.peer().to_string();
  const std::size_t chunk = options.block_size;
  auto buffer = std::make_unique_for_overwrite<char[]>(chunk);

  const bool sending = options.direction != Direction::recv;
  // In the send direction an echo is drained, not measured: only what we
  // send counts.
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
  // What each direction waits for: a TLS read may need the socket writable.
  Want read_wants = Want::read;
  Want write_wants = Want::write;
  std::optional<Want> shutdown_wants;  // a TLS close_notify not yet out
  StreamResult result;

  // A failure here shows in the reads that follow, as with shutdown(2) alone.
  auto shut_write = [&] {
    auto shut = stream.shutdown_write();
    shutdown_wants.reset();
    if (shut && *shut != Want::nothing) shutdown_wants = *shut;
  };

  for (;;) {
    auto now = Clock::now();
    if (!send_done && (timed ? now >= deadline : result.bytes_sent >= options.bytes)) {
      shut_write();
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
      return Error(std::make_error_code(std::errc::timed_out), Operation::bench, "with " + peer,
                   "nothing moved for 10 s");
    }

    pollfd entry{stream.fd(), 0, 0};
    if (!send_done) entry.events |= poll_events_for(write_wants);
    if (!receive_done) entry.events |= poll_events_for(read_wants);
    if (shutdown_wants) entry.events |= poll_events_for(*shutdown_wants);
    int timeout_ms = 1000;
    if (timed && now < deadline)
      timeout_ms = std::min(timeout_ms, detail::poll_timeout_until(deadline));
    // Bytes already decrypted inside a TLS stream: poll() cannot see them.
    const bool pending = !receive_done && stream.has_pending();
    if (pending) timeout_ms = 0;
    const int ready = ::poll(&entry, 1, timeout_ms);
    if (ready < 0 && errno != EINTR) return system_error(errno, Operation::system_call, "poll");
    if (ready <= 0 && !pending) continue;
    const short trouble = POLLERR | POLLHUP;

    if (shutdown_wants && entry.revents & (poll_events_for(*shutdown_wants) | trouble))
      shut_write();
    if (entry.revents & (poll_events_for(write_wants) | trouble) && !send_done) {
      for (int i = 0; i < 16; ++i) {
        std::size_t length = chunk;
        if (!timed) length = std::min<std::uint64_t>(length, options.bytes - result.bytes_sent);
        if (length == 0) break;
        auto written = stream.write_some(block.substr(0, length));
        if (!written) return written.error();
        result.bytes_sent += written->bytes;
        write_wants = written->want == Want::nothing ? Want::write : written->want;
        if (written->want != Want::nothing) break;
      }
      last_send = last_progress = Clock::now();
    }
    if ((pending || entry.revents & (poll_events_for(read_wants) | trouble)) && !receive_done) {
      for (int i = 0; i < 16; ++i) {
        std::size_t length = chunk;
        if (!timed && !sending)
          length = std::min<std::uint64_t>(length, options.bytes - result.bytes_received);
        if (length == 0) break;
        auto read = read_once(stream, {buffer.get(), length}, plain && !measure_receive);
        if (!read) return read.error();
        read_wants = read->want == Want::nothing ? Want::read : read->want;
        if (read->want != Want::nothing) break;
        if (read->bytes == 0) {
          // A server that only reads may half-close at once; one that closes
          // for good makes the next send() fail. An echo must not end early.
          receive_done = true;
          if (!send_done && measure_receive) {
            return Error(std::make_error_code(std::errc::connection_aborted), Operation::receive,
                         peer,
                         "the server closed the connection after " +
                             std::to_string(result.bytes_received) + " bytes");
          }
          break;
        }
        result.bytes_received += read->bytes;
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

Result<ThroughputResult> throughput(const Endpoint& server, const ThroughputOptions& options,
                                    const StreamMaker& make_stream) {
  if (options.parallel < 1 || options.block_size == 0)
    return Error(errc::invalid_argument, Operation::bench, "throughput", "needs parallel >= 1");
  // Connect (and handshake) every stream first, so they all start together.
  std::vector<std::unique_ptr<Stream>> streams;
  for (int i = 0; i < options.parallel; ++i) {
    auto stream = open_stream(server, make_stream);
    if (!stream) return stream.error();
    streams.push_back(std::move(*stream));
  }
  const bool plain = !make_stream;
  const std::string block(options.block_size, 'x');
  std::vector<std::optional<Result<StreamResult>>> outcomes(streams.size());
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 1; i < streams.size(); ++i) {
      threads.emplace_back(
          [&, i] { outcomes[i] = run_stream(*streams[i], plain, options, block); });
    }
    outcomes[0] = run_stream(*streams[0], plain, options, block);
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
