// SPDX-License-Identifier: MIT
#include "tcpc/relay.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <optional>
#include <string>

#include "core/byte_buffer.hpp"
#include "relay/pipe_pump.hpp"
#include "relay/relay_cancel.hpp"
#include "relay/splice.hpp"

namespace tcpc {
namespace {

// One direction of the relay: a source, a buffer and a destination.
struct Direction {
  explicit Direction(std::size_t capacity) : buffer(capacity) {}
  detail::ByteBuffer buffer;
  std::string staging;       // transformed bytes before they join the buffer
  bool source_done = false;  // EOF seen (or nothing to read)
  bool sink_done = false;    // nothing more will be written
  // Zero-copy: bytes go from source to sink by splice(), the buffer stays
  // empty. `blocked` means the last splice() found the far side full (or the
  // near side empty), so the loop waits for the far side before trying again.
  bool spliced = false;
  bool blocked = false;
};

// One splice() moves at most this much; the pipe's capacity limits it anyway.
constexpr std::size_t kSpliceChunk = 1 << 20;

// Input spliced from a pipe goes through a PipePump thread once this much
// has gone: bulk input gains a CPU, a short exchange never starts a thread.
constexpr std::uint64_t kPumpAfter = 1 << 20;

// RelayOptions::buffer_size 0: as large as the socket's own buffers, so one
// read() or write() can move all the kernel holds, within 256 KiB - 1 MiB.
std::size_t buffer_size_for(int socket_fd) {
  int largest = 0;
  for (int option : {SO_SNDBUF, SO_RCVBUF}) {
    int size = 0;
    socklen_t length = sizeof size;
    if (::getsockopt(socket_fd, SOL_SOCKET, option, &size, &length) == 0)
      largest = std::max(largest, size);
  }
  return std::clamp<std::size_t>(static_cast<std::size_t>(largest), 256 * 1024, 1 << 20);
}

// One splice() for a spliced direction: counts what moved, or notes the end
// of the stream, a blocked far side (EAGAIN: the loop waits for it), or a
// kernel that cannot splice these descriptors (back to read/write, nothing
// was moved). Returns 0, or an errno for the caller.
int splice_once(int from, int to, Direction& direction, std::uint64_t& counter,
                RelayTotals& totals) {
  const ssize_t n = detail::splice_some(from, to, kSpliceChunk);
  if (n > 0) {
    counter += static_cast<std::uint64_t>(n);
    totals.bytes_spliced += static_cast<std::uint64_t>(n);
  } else if (n == 0) {
    direction.source_done = true;
  } else if (errno == EAGAIN) {
    direction.blocked = true;
  } else if (errno == EINVAL || errno == ENOSYS) {
    direction.spliced = false;
  } else {
    return errno;
  }
  return 0;
}

// Reads one chunk from fd into the direction's buffer, through `transform` if
// there is one. Returns bytes read (0 = EOF) or -1 with errno; a transform's
// own error comes back as the Error.
Result<ssize_t> fill(int fd, bool is_socket, Direction& direction, Transform* transform,
                     std::string& scratch, std::size_t most = 0,
                     RelayObserver* observer = nullptr) {
  std::span<char> space = direction.buffer.writable();
  char* target = transform ? scratch.data() : space.data();
  std::size_t room = transform ? scratch.size() : space.size();
  if (most != 0 && most < room) room = most;
  ssize_t n;
  do {
    n = is_socket ? ::recv(fd, target, room, 0) : ::read(fd, target, room);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    if (observer) observer->on_received({target, static_cast<std::size_t>(n)});
    if (transform) {
      direction.staging.clear();
      if (auto fed = transform->feed({target, static_cast<std::size_t>(n)}, direction.staging);
          !fed) {
        return fed.error();
      }
      direction.buffer.append(direction.staging);
    } else {
      direction.buffer.commit(static_cast<std::size_t>(n));
    }
  }
  return n;
}

ssize_t drain(int fd, bool is_socket, detail::ByteBuffer& buffer,
              RelayObserver* observer = nullptr) {
  std::string_view data = buffer.readable();
  ssize_t n;
  do {
    n = is_socket ? ::send(fd, data.data(), data.size(), MSG_NOSIGNAL)
                  : ::write(fd, data.data(), data.size());
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    if (observer) observer->on_sent(data.substr(0, static_cast<std::size_t>(n)));
    buffer.consume(static_cast<std::size_t>(n));
  }
  return n;
}

using Clock = std::chrono::steady_clock;

// Milliseconds until `deadline` for poll(), at least 0.
int until(Clock::time_point deadline, Clock::time_point now) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

}  // namespace

Result<RelayTotals> relay(Socket& socket, const RelayOptions& options) {
  RelayTotals totals;
  if (auto nb = socket.set_nonblocking(true); !nb) return nb.error();

  const std::string peer = socket.peer().empty() ? std::string("peer") : socket.peer().to_string();
  const std::size_t buffer_size =
      options.buffer_size != 0 ? options.buffer_size : buffer_size_for(socket.fd());
  Direction out(buffer_size);  // input -> socket
  Direction in(buffer_size);   // socket -> output
  std::string scratch(options.outgoing || options.incoming ? buffer_size : 0, '\0');

  // splice() where a direction's local end is a pipe and its bytes need no
  // transform, observer, payload or limit; read()/write() for the rest.
  const bool watched =
      !options.zero_copy || options.observer != nullptr || !detail::splice_supported();
  out.spliced =
      !watched && !options.outgoing && options.payload.empty() && detail::is_pipe(options.input_fd);
  in.spliced = !watched && !options.incoming && options.receive_limit == 0 &&
               detail::is_pipe(options.output_fd);
  // A larger pipe means fewer splice() calls per megabyte.
  if (out.spliced) detail::grow_pipe(options.input_fd, kSpliceChunk);
  if (in.spliced) detail::grow_pipe(options.output_fd, kSpliceChunk);
  std::optional<detail::SigpipeBlock> no_sigpipe;
  if (out.spliced || in.spliced) no_sigpipe.emplace();

  // Where input is read from: options.input_fd, or the pump's pipe.
  int input_fd = options.input_fd;
  std::unique_ptr<detail::PipePump> pump;

  out.source_done = options.input_fd < 0;
  out.buffer.append(options.payload);
  bool write_shut = false;
  if (options.output_fd < 0) in.sink_done = true;

  // Flushes a transform at end of stream into its direction's buffer.
  auto finish = [](Transform* transform, Direction& direction) -> Result<void> {
    if (!transform) return {};
    direction.staging.clear();
    if (auto done = transform->finish(direction.staging); !done) return done;
    direction.buffer.append(direction.staging);
    return {};
  };

  // A socket failure ends the relay, but only after everything already
  // received has been written out: no received byte is lost.
  std::optional<Error> failure;
  auto fail = [&](Error error) {
    if (!failure) failure = std::move(error);
    if (!in.source_done) (void)finish(options.incoming, in);  // show a held-back partial character
    in.source_done = out.source_done = true;
    out.buffer.consume(out.buffer.size());
  };

  const bool idle = options.idle_timeout.count() > 0;
  const bool ticking = options.observer && options.tick_interval.count() > 0;
  Clock::time_point last_activity = Clock::now();
  Clock::time_point next_tick = last_activity + options.tick_interval;
  std::optional<Clock::time_point> quit_at;  // -q: set when all input is sent

  for (;;) {
    if (failure && (in.buffer.empty() || in.sink_done)) return *failure;
    // Done sending: input ended and everything queued went out.
    const bool send_done = out.source_done && out.buffer.empty();
    if (send_done && !write_shut && options.half_close && !failure) {
      if (auto shut = socket.shutdown_write(); !shut) return shut.error();
      write_shut = true;
    }
    if (send_done && !quit_at && options.quit_after_input.count() >= 0) {
      quit_at = Clock::now() + options.quit_after_input;
    }
    if (quit_at && !in.source_done && Clock::now() >= *quit_at) {
      // Stop receiving; what already arrived is still written out.
      in.source_done = true;
      if (auto done = finish(options.incoming, in); !done) return done.error();
    }
    const bool receive_done = (in.source_done && in.buffer.empty()) || in.sink_done;
    if (receive_done && (send_done || options.stop_when_peer_closes)) break;

    enum { kInput, kSocket, kOutput, kCancel };
    pollfd fds[4] = {{-1, POLLIN, 0},
                     {socket.fd(), 0, 0},
                     {-1, POLLOUT, 0},
                     detail::cancel_entry(options.cancel_fd)};
    if (!out.source_done && !out.buffer.full() && !out.blocked) fds[kInput].fd = input_fd;
    // With nowhere to put it (no output, or its reader gone) incoming data is
    // still read, then dropped: a peer that cannot send to us may stop reading
    // what we send, and the relay would stall.
    if (!in.source_done && (in.sink_done || !in.buffer.full()) && !in.blocked)
      fds[kSocket].events |= POLLIN;
    if (!out.buffer.empty() || out.blocked) fds[kSocket].events |= POLLOUT;
    if ((!in.buffer.empty() || in.blocked) && !in.sink_done) fds[kOutput].fd = options.output_fd;
    if (fds[kSocket].events == 0) fds[kSocket].fd = -1;

    // Wake for whichever comes first: the idle deadline or the next tick.
    auto now = Clock::now();
    int timeout = -1;
    if (idle) timeout = until(last_activity + options.idle_timeout, now);
    if (ticking) {
      const int tick = until(next_tick, now);
      timeout = timeout < 0 ? tick : std::min(timeout, tick);
    }
    if (quit_at && !in.source_done) {
      const int quit = until(*quit_at, now);
      timeout = timeout < 0 ? quit : std::min(timeout, quit);
    }
    const int ready = ::poll(fds, 4, timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return system_error(errno, "poll");
    }
    if (fds[kCancel].revents) {
      if (!in.source_done) (void)finish(options.incoming, in);  // a held-back partial character
      if (!in.sink_done) detail::write_while_ready(options.output_fd, in.buffer);
      totals.cancelled = true;
      break;
    }
    now = Clock::now();
    if (ticking && now >= next_tick) {
      options.observer->on_tick();
      while (next_tick <= now)
        next_tick += options.tick_interval;
    }
    if (ready == 0) {
      if (idle && now >= last_activity + options.idle_timeout) {
        totals.timed_out = true;
        break;
      }
      continue;
    }
    last_activity = now;

    if (fds[kInput].revents && out.spliced) {
      const int error = splice_once(input_fd, socket.fd(), out, totals.bytes_sent, totals);
      if (error != 0) fail(system_error(error, "send to " + peer));
      if (!pump && out.spliced && !out.source_done && totals.bytes_sent >= kPumpAfter) {
        pump = detail::PipePump::start(options.input_fd);
        if (pump) input_fd = pump->read_fd();
      }
    } else if (fds[kInput].revents) {
      auto filled = fill(input_fd, false, out, options.outgoing, scratch);
      if (!filled) return filled.error();
      const ssize_t n = *filled;
      if (n < 0) return system_error(errno, "read input");
      if (n == 0) {
        out.source_done = true;
        if (auto done = finish(options.outgoing, out); !done) return done.error();
      }
    }
    // The pump's pipe ends when the input ends, and also when reading it failed.
    if (fds[kInput].revents && out.source_done && pump && pump->error() != 0)
      return system_error(pump->error(), "read input");
    const bool socket_readable =
        fds[kSocket].revents & (POLLIN | POLLHUP | POLLERR) && (fds[kSocket].events & POLLIN);
    if (socket_readable && in.spliced) {
      const int error =
          splice_once(socket.fd(), options.output_fd, in, totals.bytes_received, totals);
      if (error == EPIPE) {
        // The output's reader is gone; what still arrives is read and dropped.
        in.spliced = false;
        in.sink_done = true;
        totals.output_closed = true;
      } else if (error != 0) {
        fail(system_error(error, "recv from " + peer));
        continue;
      }
    } else if (socket_readable) {
      std::size_t most = 0;
      if (options.receive_limit != 0) most = options.receive_limit - totals.bytes_received;
      auto filled = fill(socket.fd(), true, in, options.incoming, scratch, most, options.observer);
      if (!filled) return filled.error();
      const ssize_t n = *filled;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        fail(system_error(errno, "recv from " + peer));
        continue;
      }
      if (n > 0) totals.bytes_received += static_cast<std::uint64_t>(n);
      const bool limit_reached =
          options.receive_limit != 0 && totals.bytes_received >= options.receive_limit;
      if (n == 0 || limit_reached) {
        in.source_done = true;
        if (auto done = finish(options.incoming, in); !done) return done.error();
      }
      if (in.sink_done) in.buffer.consume(in.buffer.size());
    }
    if (fds[kSocket].revents & (POLLOUT | POLLERR | POLLHUP) && out.blocked) out.blocked = false;
    if (fds[kSocket].revents & (POLLOUT | POLLERR | POLLHUP) && !out.buffer.empty()) {
      const ssize_t n = drain(socket.fd(), true, out.buffer, options.observer);
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        fail(system_error(errno, "send to " + peer));
      if (n > 0) totals.bytes_sent += static_cast<std::uint64_t>(n);
    }
    if (fds[kOutput].revents && in.blocked) {
      in.blocked = false;
    } else if (fds[kOutput].revents) {
      const ssize_t n = drain(options.output_fd, false, in.buffer);
      if (n < 0 && errno == EPIPE) {
        // Whoever read our output is gone (`| head`): not an error, just the end.
        in.sink_done = true;
        totals.output_closed = true;
        in.buffer.consume(in.buffer.size());
      } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        return system_error(errno, "write output");
      }
    }
  }
  if (auto nb = socket.set_nonblocking(false); !nb) return nb.error();
  return totals;
}

}  // namespace tcpc
