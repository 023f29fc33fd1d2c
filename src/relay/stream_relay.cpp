// SPDX-License-Identifier: MIT
// relay() over a Stream (TLS). The same poll loop as relay(Socket&) with the
// same options, but the stream says what each read or write waits for: a TLS
// read may need the socket writable and a write readable, and decrypted
// bytes can wait inside the stream where poll() cannot see them.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <optional>
#include <string>

#include "core/byte_buffer.hpp"
#include "relay/relay_cancel.hpp"
#include "tcpc/stream.hpp"

namespace tcpc {
namespace {

using Clock = std::chrono::steady_clock;

// When RelayOptions::buffer_size is 0 ("size it for me"): one TLS record
// is 16 KiB, and this holds many.
constexpr std::size_t kDefaultBufferSize = 256 * 1024;

std::size_t buffer_size(const RelayOptions& options) {
  return options.buffer_size != 0 ? options.buffer_size : kDefaultBufferSize;
}

class StreamRelay {
 public:
  StreamRelay(Stream& stream, const RelayOptions& options)
      : stream_(stream),
        options_(options),
        to_peer_(buffer_size(options)),
        from_peer_(buffer_size(options)),
        scratch_(options.outgoing || options.incoming ? buffer_size(options) : 0, '\0') {
    input_done_ = options.input_fd < 0;
    output_gone_ = options.output_fd < 0;
    to_peer_.append(options.payload);
  }

  Result<RelayTotals> run();

 private:
  enum class Shutdown { not_yet, waiting, done };

  bool sending_done() const { return input_done_ && to_peer_.empty(); }
  bool receiving_done() const { return (peer_done_ && from_peer_.empty()) || output_gone_; }
  bool wants_peer_data() const { return !peer_done_ && (output_gone_ || !from_peer_.full()); }

  Result<void> read_input();
  Result<void> read_peer();
  void write_peer();
  Result<void> write_output();
  Result<void> shut_write();
  Result<void> feed(Transform* transform, std::string_view bytes, detail::ByteBuffer& into);
  Result<void> finish(Transform* transform, detail::ByteBuffer& into);
  // A stream failure ends the relay once what already arrived is written out.
  void fail(Error error);
  // RelayOptions::cancel_fd fired: hand over what arrived, close_notify if it goes at once.
  void cancel();

  Stream& stream_;
  const RelayOptions& options_;
  detail::ByteBuffer to_peer_;
  detail::ByteBuffer from_peer_;
  std::string scratch_;  // untransformed bytes
  std::string staging_;  // transformed bytes
  bool input_done_ = false;
  bool peer_done_ = false;
  bool output_gone_ = false;
  Want read_wants_ = Want::read;
  Want write_wants_ = Want::write;
  Shutdown shutdown_ = Shutdown::not_yet;
  Want shutdown_wants_ = Want::write;
  std::optional<Error> failure_;
  RelayTotals totals_;
};

Result<void> StreamRelay::feed(Transform* transform, std::string_view bytes,
                               detail::ByteBuffer& into) {
  staging_.clear();
  if (auto fed = transform->feed(bytes, staging_); !fed) return fed;
  into.append(staging_);
  return {};
}

Result<void> StreamRelay::finish(Transform* transform, detail::ByteBuffer& into) {
  if (!transform) return {};
  staging_.clear();
  if (auto done = transform->finish(staging_); !done) return done;
  into.append(staging_);
  return {};
}

void StreamRelay::fail(Error error) {
  if (!failure_) failure_ = std::move(error);
  if (!peer_done_) (void)finish(options_.incoming, from_peer_);
  peer_done_ = input_done_ = true;
  to_peer_.consume(to_peer_.size());
}

void StreamRelay::cancel() {
  if (!peer_done_) (void)finish(options_.incoming, from_peer_);
  if (!output_gone_) detail::write_while_ready(options_.output_fd, from_peer_);
  if (shutdown_ == Shutdown::not_yet && !failure_) (void)stream_.shutdown_write();
  totals_.cancelled = true;
}

Result<void> StreamRelay::read_input() {
  Transform* transform = options_.outgoing;
  std::span<char> space = transform ? std::span<char>(scratch_) : to_peer_.writable();
  ssize_t n;
  do {
    n = ::read(options_.input_fd, space.data(), space.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return system_error(errno, "read input");
  if (n == 0) {
    input_done_ = true;
    return finish(transform, to_peer_);
  }
  if (!transform) {
    to_peer_.commit(static_cast<std::size_t>(n));
    return {};
  }
  return feed(transform, {space.data(), static_cast<std::size_t>(n)}, to_peer_);
}

// Reads until the stream has nothing more, the buffer is full or the limit is met.
Result<void> StreamRelay::read_peer() {
  Transform* transform = options_.incoming;
  while (wants_peer_data()) {
    std::span<char> space = transform ? std::span<char>(scratch_) : from_peer_.writable();
    if (options_.receive_limit != 0) {
      const std::uint64_t left = options_.receive_limit - totals_.bytes_received;
      if (left < space.size()) space = space.first(static_cast<std::size_t>(left));
    }
    auto read = stream_.read_some(space);
    if (!read) {
      fail(read.error());
      return {};
    }
    if (read->want != Want::nothing) {
      read_wants_ = read->want;
      return {};
    }
    read_wants_ = Want::read;
    const std::string_view bytes(space.data(), read->bytes);
    if (!bytes.empty()) {
      if (options_.observer) options_.observer->on_received(bytes);
      totals_.bytes_received += bytes.size();
      if (transform) {
        if (auto fed = feed(transform, bytes, from_peer_); !fed) return fed;
      } else {
        from_peer_.commit(bytes.size());
      }
    }
    const bool limit_reached =
        options_.receive_limit != 0 && totals_.bytes_received >= options_.receive_limit;
    if (bytes.empty() || limit_reached) {
      peer_done_ = true;
      if (auto done = finish(transform, from_peer_); !done) return done;
    }
    if (output_gone_) from_peer_.consume(from_peer_.size());
  }
  return {};
}

void StreamRelay::write_peer() {
  while (!to_peer_.empty()) {
    const std::string_view data = to_peer_.readable();
    auto written = stream_.write_some(data);
    if (!written) return fail(written.error());
    if (written->bytes > 0) {
      if (options_.observer) options_.observer->on_sent(data.substr(0, written->bytes));
      to_peer_.consume(written->bytes);
      totals_.bytes_sent += written->bytes;
    }
    if (written->want != Want::nothing) {
      write_wants_ = written->want;
      return;
    }
    write_wants_ = Want::write;
  }
}

Result<void> StreamRelay::write_output() {
  const std::string_view data = from_peer_.readable();
  ssize_t n;
  do {
    n = ::write(options_.output_fd, data.data(), data.size());
  } while (n < 0 && errno == EINTR);
  if (n > 0) from_peer_.consume(static_cast<std::size_t>(n));
  if (n >= 0 || errno == EAGAIN || errno == EWOULDBLOCK) return {};
  if (errno != EPIPE) return system_error(errno, "write output");
  // Whoever read our output is gone (`| head`): not an error, just the end.
  output_gone_ = true;
  totals_.output_closed = true;
  from_peer_.consume(from_peer_.size());
  return {};
}

Result<void> StreamRelay::shut_write() {
  auto shut = stream_.shutdown_write();
  if (!shut) return shut.error();
  shutdown_ = *shut == Want::nothing ? Shutdown::done : Shutdown::waiting;
  shutdown_wants_ = *shut;
  return {};
}

Result<RelayTotals> StreamRelay::run() {
  const bool idle = options_.idle_timeout.count() > 0;
  const bool ticking = options_.observer && options_.tick_interval.count() > 0;
  Clock::time_point last_activity = Clock::now();
  Clock::time_point next_tick = last_activity + options_.tick_interval;

  for (;;) {
    if (failure_ && (from_peer_.empty() || output_gone_)) return *failure_;
    if (sending_done() && shutdown_ == Shutdown::not_yet && options_.half_close && !failure_) {
      if (auto shut = shut_write(); !shut) return shut.error();
    }
    const bool shut_busy = shutdown_ == Shutdown::waiting && !failure_;
    if (receiving_done() && ((sending_done() && !shut_busy) || options_.stop_when_peer_closes)) {
      break;
    }

    enum { kInput, kPeer, kOutput, kCancel };
    pollfd fds[4] = {{-1, POLLIN, 0},
                     {stream_.fd(), 0, 0},
                     {-1, POLLOUT, 0},
                     detail::cancel_entry(options_.cancel_fd)};
    if (!input_done_ && !to_peer_.full()) fds[kInput].fd = options_.input_fd;
    const bool reading = wants_peer_data();
    if (reading) fds[kPeer].events |= poll_events_for(read_wants_);
    if (!to_peer_.empty()) fds[kPeer].events |= poll_events_for(write_wants_);
    if (shut_busy) fds[kPeer].events |= poll_events_for(shutdown_wants_);
    if (!from_peer_.empty() && !output_gone_) fds[kOutput].fd = options_.output_fd;
    if (fds[kPeer].events == 0) fds[kPeer].fd = -1;
    // Bytes already inside the stream are ready now, whatever poll() says.
    const bool pending = reading && stream_.has_pending();

    auto now = Clock::now();
    int timeout = -1;
    if (idle) {
      auto left = std::chrono::ceil<Milliseconds>(last_activity + options_.idle_timeout - now);
      timeout = static_cast<int>(std::max<Milliseconds::rep>(left.count(), 0));
    }
    if (ticking) {
      auto left = std::chrono::ceil<Milliseconds>(next_tick - now);
      const int tick = static_cast<int>(std::max<Milliseconds::rep>(left.count(), 0));
      timeout = timeout < 0 ? tick : std::min(timeout, tick);
    }
    if (pending) timeout = 0;
    const int ready = ::poll(fds, 4, timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return system_error(errno, "poll");
    }
    if (fds[kCancel].revents) {
      cancel();
      break;
    }
    now = Clock::now();
    if (ticking && now >= next_tick) {
      options_.observer->on_tick();
      while (next_tick <= now)
        next_tick += options_.tick_interval;
    }
    if (ready == 0 && !pending) {
      if (idle && now >= last_activity + options_.idle_timeout) {
        totals_.timed_out = true;
        break;
      }
      continue;
    }
    last_activity = now;

    const short peer_events = fds[kPeer].revents;
    const short trouble = POLLERR | POLLHUP;
    if (fds[kInput].revents) {
      if (auto done = read_input(); !done) return done.error();
    }
    if (reading && (pending || peer_events & (poll_events_for(read_wants_) | trouble))) {
      if (auto done = read_peer(); !done) return done.error();
    }
    if (!to_peer_.empty() && peer_events & (poll_events_for(write_wants_) | trouble)) write_peer();
    if (shut_busy && peer_events & (poll_events_for(shutdown_wants_) | trouble)) {
      if (auto shut = shut_write(); !shut) return shut.error();
    }
    if (fds[kOutput].revents) {
      if (auto done = write_output(); !done) return done.error();
    }
  }
  return totals_;
}

}  // namespace

Result<RelayTotals> relay(Stream& stream, const RelayOptions& options) {
  StreamRelay relay(stream, options);
  return relay.run();
}

}  // namespace tcpc
