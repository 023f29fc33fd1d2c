// SPDX-License-Identifier: MIT
#include "relay/relay_engine.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "core/wait.hpp"
#include "relay/relay_cancel.hpp"

namespace tcpc::detail {
namespace {

// One splice() moves at most this much; the pipe's capacity limits it anyway.
constexpr std::size_t kSpliceChunk = 1 << 20;

// Input spliced from a pipe goes through a PipePump thread once this much
// has gone: bulk input gains a CPU, a short exchange never starts a thread.
constexpr std::uint64_t kPumpAfter = 1 << 20;

constexpr short kTrouble = POLLERR | POLLHUP;

// RelayOptions::buffer_size 0: as large as the socket's own buffers, so one
// read() or write() can move all the kernel holds, within 256 KiB - 1 MiB
// (many 16 KiB TLS records).
std::size_t buffer_size_for(const RelayOptions& options, int socket_fd) {
  if (options.buffer_size != 0) return options.buffer_size;
  int largest = 0;
  for (int option : {SO_SNDBUF, SO_RCVBUF}) {
    int size = 0;
    socklen_t length = sizeof size;
    if (::getsockopt(socket_fd, SOL_SOCKET, option, &size, &length) == 0)
      largest = std::max(largest, size);
  }
  return std::clamp<std::size_t>(static_cast<std::size_t>(largest), 256 * 1024, 1 << 20);
}

ssize_t read_retrying(int fd, std::span<char> space) {
  ssize_t n;
  do {
    n = ::read(fd, space.data(), space.size());
  } while (n < 0 && errno == EINTR);
  return n;
}

ssize_t write_retrying(int fd, std::string_view data) {
  ssize_t n;
  do {
    n = ::write(fd, data.data(), data.size());
  } while (n < 0 && errno == EINTR);
  return n;
}

// A peer that has already gone (it closed, and our close_notify or FIN drew
// its reset) cannot be told more: that is not the relay's failure. What the
// peer sent before is still read, and the read says how the stream ended.
bool peer_gone(const Error& error) {
  const std::error_code code = error.code();
  return code == std::errc::not_connected || code == std::errc::broken_pipe ||
         code == std::errc::connection_reset;
}

}  // namespace

RelayEngine::RelayEngine(Stream& stream, const RelayOptions& options)
    : stream_(stream),
      options_(options),
      peer_(stream.peer().empty() ? std::string("peer") : stream.peer().to_string()),
      buffer_size_(buffer_size_for(options, stream.fd())),
      out_(buffer_size_),
      in_(buffer_size_),
      scratch_(options.outgoing || options.incoming ? buffer_size_ : 0, '\0'),
      last_activity_(Clock::now()),
      next_tick_(last_activity_ + options.tick_interval),
      input_fd_(options.input_fd) {
  out_.source_done = options.input_fd < 0;
  in_.sink_done = options.output_fd < 0;
  out_.buffer.append(options.payload);
  choose_splicing();
}

// splice() where the stream allows it and a direction's local end is a pipe
// whose bytes need no transform, observer, payload or limit, and sendfile()
// for input that is a regular file (`tcpc HOST PORT < file`: the page cache
// goes to the socket without a copy); read()/write() for the rest.
void RelayEngine::choose_splicing() {
  const bool watched = stream_.splice_fd() < 0 || !options_.zero_copy ||
                       options_.observer != nullptr || !splice_supported();
  const bool plain_input = !watched && !options_.outgoing && options_.payload.empty();
  out_.from_file = plain_input && is_regular_file(options_.input_fd) && send_file_supported();
  out_.spliced = out_.from_file || (plain_input && is_pipe(options_.input_fd));
  in_.spliced =
      !watched && !options_.incoming && options_.receive_limit == 0 && is_pipe(options_.output_fd);
  // A larger pipe means fewer splice() calls per megabyte.
  if (out_.spliced && !out_.from_file) grow_pipe(options_.input_fd, kSpliceChunk);
  if (in_.spliced) grow_pipe(options_.output_fd, kSpliceChunk);
  if (out_.spliced || in_.spliced) no_sigpipe_.emplace();
}

Result<RelayTotals> RelayEngine::run() {
  for (;;) {
    if (failure_ && (in_.buffer.empty() || in_.sink_done)) return *failure_;
    if (auto settled = settle(); !settled) return settled.error();
    if (finished()) return totals_;

    PollSet set = poll_set();
    const int ready = ::poll(set.fds, kEntries, poll_timeout(set.pending));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return system_error(errno, Operation::system_call, "poll");
    }
    if (set.fds[kCancel].revents) {
      cancel();
      return totals_;
    }
    const auto now = Clock::now();
    tick(now);
    if (auto woken = wake_incoming(now); !woken) return woken.error();
    if (ready == 0 && !set.pending) {
      if (options_.idle_timeout.count() > 0 && now >= last_activity_ + options_.idle_timeout) {
        totals_.timed_out = true;
        return totals_;
      }
      continue;
    }
    last_activity_ = now;
    if (auto moved = move_ready(set); !moved) return moved.error();
  }
}

Result<void> RelayEngine::settle() {
  const bool send_done = sending_done();
  if (send_done && shutdown_ == Shutdown::not_yet && options_.half_close && !failure_) {
    if (auto shut = shut_write(); !shut) return shut;
  }
  if (send_done && !quit_at_ && options_.quit_after_input.count() >= 0) {
    quit_at_ = Clock::now() + options_.quit_after_input;
  }
  if (quit_at_ && !in_.source_done && Clock::now() >= *quit_at_) {
    // Stop receiving; what already arrived is still written out.
    in_.source_done = true;
    return finish(options_.incoming, in_.buffer);
  }
  if (options_.on_output_done && !output_done_ && receiving_done()) {
    output_done_ = true;
    in_.sink_done = true;  // output_fd is the caller's again
    options_.on_output_done();
  }
  return {};
}

bool RelayEngine::finished() const {
  return receiving_done() && ((sending_done() && !shut_busy()) || options_.stop_when_peer_closes);
}

RelayEngine::PollSet RelayEngine::poll_set() const {
  PollSet set{
      {{-1, POLLIN, 0}, {stream_.fd(), 0, 0}, {-1, POLLOUT, 0}, cancel_entry(options_.cancel_fd)}};
  if (!out_.source_done && !out_.buffer.full() && !out_.blocked) set.fds[kInput].fd = input_fd_;
  // With nowhere to put it (no output, or its reader gone) incoming data is
  // still read, then dropped: a peer that cannot send to us may stop reading
  // what we send, and the relay would stall.
  set.reading = wants_peer_data();
  short& peer = set.fds[kPeer].events;
  if (set.reading) peer |= poll_events_for(read_wants_);
  if (!out_.buffer.empty()) peer |= poll_events_for(write_wants_);
  if (out_.blocked) peer |= POLLOUT;
  set.shut_busy = shut_busy();
  if (set.shut_busy) peer |= poll_events_for(shutdown_wants_);
  if (peer == 0) set.fds[kPeer].fd = -1;
  if ((!in_.buffer.empty() || in_.blocked) && !in_.sink_done) {
    set.fds[kOutput].fd = options_.output_fd;
  }
  // Bytes already inside the stream are ready now, whatever poll() says.
  set.pending = set.reading && stream_.has_pending();
  return set;
}

// Wakes for whichever comes first: the idle deadline, the next tick or -q.
int RelayEngine::poll_timeout(bool pending) const {
  if (pending) return 0;
  const auto now = Clock::now();
  int timeout = -1;
  if (options_.idle_timeout.count() > 0) {
    timeout = poll_timeout_until(last_activity_ + options_.idle_timeout, now);
  }
  if (ticking()) timeout = sooner_timeout(timeout, poll_timeout_until(next_tick_, now));
  if (quit_at_ && !in_.source_done) {
    timeout = sooner_timeout(timeout, poll_timeout_until(*quit_at_, now));
  }
  if (auto wake = incoming_wake_time()) {
    timeout = sooner_timeout(timeout, poll_timeout_until(*wake, now));
  }
  return timeout;
}

std::optional<RelayEngine::Clock::time_point> RelayEngine::incoming_wake_time() const {
  if (!options_.incoming || in_.source_done || in_.sink_done) return std::nullopt;
  return options_.incoming->wake_time();
}

// The incoming transform's idle time passed (frames cut by a quiet gap):
// what it held goes out now, not with the next bytes.
Result<void> RelayEngine::wake_incoming(Clock::time_point now) {
  const auto wake = incoming_wake_time();
  if (!wake || now < *wake) return {};
  staging_.clear();
  if (auto woken = options_.incoming->wake(staging_); !woken) return woken;
  in_.buffer.append(staging_);
  return {};
}

void RelayEngine::tick(Clock::time_point now) {
  if (!ticking() || now < next_tick_) return;
  options_.observer->on_tick();
  while (next_tick_ <= now)
    next_tick_ += options_.tick_interval;
}

Result<void> RelayEngine::move_ready(const PollSet& set) {
  const short peer = set.fds[kPeer].revents;
  if (set.fds[kInput].revents) {
    if (auto read = read_input(); !read) return read;
  }
  if (set.reading && (set.pending || peer & (poll_events_for(read_wants_) | kTrouble))) {
    if (auto received = receive(); !received) return received;
  }
  if (out_.blocked && peer & (POLLOUT | kTrouble)) out_.blocked = false;
  if (!out_.buffer.empty() && peer & (poll_events_for(write_wants_) | kTrouble)) write_peer();
  if (set.shut_busy && peer & (poll_events_for(shutdown_wants_) | kTrouble)) {
    if (auto shut = shut_write(); !shut) return shut;
  }
  if (set.fds[kOutput].revents) {
    if (in_.blocked) {
      in_.blocked = false;
    } else if (auto written = write_output(); !written) {
      return written;
    }
  }
  return {};
}

// Counts what moved, or notes the end of the stream, a blocked far side
// (EAGAIN: the loop waits for it), or a kernel that cannot splice these
// descriptors (back to read/write; nothing was moved).
int RelayEngine::splice_once(int from, int to, Direction& direction, std::uint64_t& counter) {
  const ssize_t n = direction.from_file ? send_file_some(from, to, kSpliceChunk)
                                        : splice_some(from, to, kSpliceChunk);
  if (n > 0) {
    counter += static_cast<std::uint64_t>(n);
    totals_.bytes_spliced += static_cast<std::uint64_t>(n);
  } else if (n == 0) {
    direction.source_done = true;
  } else if (errno == EAGAIN) {
    direction.blocked = true;
  } else if (errno == EINVAL || errno == ENOSYS) {
    direction.spliced = false;
    direction.from_file = false;
  } else {
    return errno;
  }
  return 0;
}

Result<void> RelayEngine::read_input() {
  if (out_.spliced) return splice_input();
  Transform* transform = options_.outgoing;
  std::span<char> space = transform ? std::span<char>(scratch_) : out_.buffer.writable();
  const ssize_t n = read_retrying(input_fd_, space);
  if (n < 0) return system_error(errno, Operation::read_input, {});
  if (n == 0) {
    out_.source_done = true;
    // The pump's pipe ends when the input ends, and also when reading it failed.
    if (pump_ && pump_->error() != 0)
      return system_error(pump_->error(), Operation::read_input, {});
    return finish(transform, out_.buffer);
  }
  if (!transform) {
    out_.buffer.commit(static_cast<std::size_t>(n));
    return {};
  }
  return feed(transform, {space.data(), static_cast<std::size_t>(n)}, out_.buffer);
}

Result<void> RelayEngine::splice_input() {
  if (const int error = splice_once(input_fd_, stream_.splice_fd(), out_, totals_.bytes_sent);
      error != 0) {
    fail(system_error(error, Operation::send, peer_));
    return {};
  }
  if (out_.source_done) {
    if (pump_ && pump_->error() != 0)
      return system_error(pump_->error(), Operation::read_input, {});
    return {};
  }
  if (!pump_ && out_.spliced && !out_.from_file && totals_.bytes_sent >= kPumpAfter) {
    pump_ = PipePump::start(options_.input_fd);
    if (pump_) input_fd_ = pump_->read_fd();
  }
  return {};
}

Result<void> RelayEngine::receive() {
  if (!in_.spliced) return read_peer();
  splice_received();
  return {};
}

void RelayEngine::splice_received() {
  const int error =
      splice_once(stream_.splice_fd(), options_.output_fd, in_, totals_.bytes_received);
  if (error == EPIPE) {
    // The output's reader is gone; what still arrives is read and dropped.
    in_.spliced = false;
    in_.sink_done = true;
    totals_.output_closed = true;
  } else if (error != 0) {
    fail(system_error(error, Operation::receive, peer_));
  }
}

// Reads until the stream waits, the buffer is full or the limit is met.
Result<void> RelayEngine::read_peer() {
  Transform* transform = options_.incoming;
  while (wants_peer_data()) {
    std::span<char> space = transform ? std::span<char>(scratch_) : in_.buffer.writable();
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
        if (auto fed = feed(transform, bytes, in_.buffer); !fed) return fed;
      } else {
        in_.buffer.commit(bytes.size());
      }
    }
    const bool limit_reached =
        options_.receive_limit != 0 && totals_.bytes_received >= options_.receive_limit;
    if (bytes.empty() || limit_reached) {
      in_.source_done = true;
      if (auto done = finish(transform, in_.buffer); !done) return done;
    }
    if (in_.sink_done) in_.buffer.consume(in_.buffer.size());
    if (stream_.short_io_means_wait() && bytes.size() < space.size()) return {};
  }
  return {};
}

void RelayEngine::write_peer() {
  while (!out_.buffer.empty()) {
    const std::string_view data = out_.buffer.readable();
    auto written = stream_.write_some(data);
    if (!written) return fail(written.error());
    if (written->bytes > 0) {
      if (options_.observer) options_.observer->on_sent(data.substr(0, written->bytes));
      out_.buffer.consume(written->bytes);
      totals_.bytes_sent += written->bytes;
    }
    if (written->want != Want::nothing) {
      write_wants_ = written->want;
      return;
    }
    write_wants_ = Want::write;
    if (stream_.short_io_means_wait() && written->bytes < data.size()) return;
  }
}

Result<void> RelayEngine::write_output() {
  const ssize_t n = write_retrying(options_.output_fd, in_.buffer.readable());
  if (n > 0) in_.buffer.consume(static_cast<std::size_t>(n));
  if (n >= 0 || errno == EAGAIN || errno == EWOULDBLOCK) return {};
  if (errno != EPIPE) return system_error(errno, Operation::write_output, {});
  // Whoever read our output is gone (`| head`): not an error, just the end.
  in_.sink_done = true;
  totals_.output_closed = true;
  in_.buffer.consume(in_.buffer.size());
  return {};
}

Result<void> RelayEngine::shut_write() {
  auto shut = stream_.shutdown_write();
  if (!shut && peer_gone(shut.error())) {
    shutdown_ = Shutdown::done;
    return {};
  }
  if (!shut) return shut.error();
  shutdown_ = *shut == Want::nothing ? Shutdown::done : Shutdown::waiting;
  shutdown_wants_ = *shut;
  return {};
}

Result<void> RelayEngine::feed(Transform* transform, std::string_view bytes, ByteBuffer& into) {
  staging_.clear();
  if (auto fed = transform->feed(bytes, staging_); !fed) return fed;
  into.append(staging_);
  return {};
}

Result<void> RelayEngine::finish(Transform* transform, ByteBuffer& into) {
  if (!transform) return {};
  staging_.clear();
  if (auto done = transform->finish(staging_); !done) return done;
  into.append(staging_);
  return {};
}

void RelayEngine::fail(Error error) {
  if (!failure_) failure_ = std::move(error);
  if (!in_.source_done)
    (void)finish(options_.incoming, in_.buffer);  // a held-back partial character
  in_.source_done = out_.source_done = true;
  out_.buffer.consume(out_.buffer.size());
}

void RelayEngine::cancel() {
  if (!in_.source_done)
    (void)finish(options_.incoming, in_.buffer);  // a held-back partial character
  if (!in_.sink_done) write_while_ready(options_.output_fd, in_.buffer);
  if (shutdown_ == Shutdown::not_yet && !failure_) (void)stream_.shutdown_write();
  totals_.cancelled = true;
}

}  // namespace tcpc::detail
