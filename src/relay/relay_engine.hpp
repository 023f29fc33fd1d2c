// SPDX-License-Identifier: MIT
// Internal: the one relay engine behind relay(Socket&) and relay(Stream&),
// for plain TCP, Unix sockets and TLS alike. Input goes to the stream and
// the stream goes to output in one poll loop with bounded buffers: when a
// buffer is full its source is not polled (backpressure). The stream says
// what each read or write waits for (a TLS read may need the socket
// writable), whether bytes wait inside it where poll() cannot see them, and
// whether splice() may move its bytes without a copy (a plain socket):
// then a direction whose local end is a pipe splices, and bulk input from a
// pipe goes through a PipePump thread.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/byte_buffer.hpp"
#include "relay/pipe_pump.hpp"
#include "relay/splice.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/stream.hpp"

namespace tcpc::detail {

class RelayEngine {
 public:
  // The stream must be non-blocking while run() runs.
  RelayEngine(Stream& stream, const RelayOptions& options);
  RelayEngine(const RelayEngine&) = delete;
  RelayEngine& operator=(const RelayEngine&) = delete;

  Result<RelayTotals> run();

 private:
  using Clock = std::chrono::steady_clock;

  // One direction: a source, a buffer and a destination.
  struct Direction {
    explicit Direction(std::size_t capacity) : buffer(capacity) {}
    ByteBuffer buffer;
    bool source_done = false;  // end of stream seen (or nothing to read)
    bool sink_done = false;    // nothing more will be written
    // Zero-copy: bytes go from source to sink by splice() (or sendfile()), the buffer stays
    // empty. `blocked`: the last splice() found the far side full, so the
    // loop waits for the far side before trying again.
    bool spliced = false;
    bool blocked = false;
    // Spliced from a regular file: sendfile() from the page cache instead.
    bool from_file = false;
  };
  enum class Shutdown { not_yet, waiting, done };
  // One poll() round: the descriptors and what the round asked for.
  enum { kInput, kPeer, kOutput, kCancel, kEntries };
  struct PollSet {
    pollfd fds[kEntries];
    bool reading = false;    // the peer is polled for incoming bytes
    bool pending = false;    // ...and some already wait inside the stream
    bool shut_busy = false;  // our shutdown_write() waits to go on
  };

  void choose_splicing();
  bool sending_done() const { return out_.source_done && out_.buffer.empty(); }
  bool receiving_done() const { return (in_.source_done && in_.buffer.empty()) || in_.sink_done; }
  bool wants_peer_data() const {
    return !in_.source_done && (in_.sink_done || !in_.buffer.full()) && !in_.blocked;
  }
  bool shut_busy() const { return shutdown_ == Shutdown::waiting && !failure_; }
  bool ticking() const { return options_.observer && options_.tick_interval.count() > 0; }

  // The round's bookkeeping: half-close once all is sent, the -q deadline.
  Result<void> settle();
  bool finished() const;
  PollSet poll_set() const;
  int poll_timeout(bool pending) const;
  void tick(Clock::time_point now);
  std::optional<Clock::time_point> incoming_wake_time() const;
  Result<void> wake_incoming(Clock::time_point now);
  // Moves what the round's poll() said is ready.
  Result<void> move_ready(const PollSet& set);

  // One splice() for a spliced direction; 0, or an errno for the caller.
  int splice_once(int from, int to, Direction& direction, std::uint64_t& counter);
  Result<void> read_input();
  Result<void> splice_input();
  Result<void> receive();
  void splice_received();
  Result<void> read_peer();
  void write_peer();
  Result<void> write_output();
  Result<void> shut_write();
  Result<void> feed(Transform* transform, std::string_view bytes, ByteBuffer& into);
  Result<void> finish(Transform* transform, ByteBuffer& into);
  // A stream failure ends the relay once what already arrived is written out.
  void fail(Error error);
  // RelayOptions::cancel_fd fired: hand over what arrived, shut down if it goes at once.
  void cancel();

  Stream& stream_;
  const RelayOptions& options_;
  const std::string peer_;  // names the peer in splice() errors
  const std::size_t buffer_size_;
  Direction out_;        // input -> stream
  Direction in_;         // stream -> output
  std::string scratch_;  // untransformed bytes
  std::string staging_;  // transformed bytes
  Want read_wants_ = Want::read;
  Want write_wants_ = Want::write;
  Shutdown shutdown_ = Shutdown::not_yet;
  Want shutdown_wants_ = Want::write;
  std::optional<Error> failure_;
  RelayTotals totals_;

  Clock::time_point last_activity_;
  Clock::time_point next_tick_;
  std::optional<Clock::time_point> quit_at_;  // -q: set once all input is sent
  bool output_done_ = false;                  // on_output_done() was called

  // Where input is read from: options.input_fd, or the pump's pipe.
  int input_fd_;
  std::optional<SigpipeBlock> no_sigpipe_;  // while anything is spliced
  std::unique_ptr<PipePump> pump_;
};

}  // namespace tcpc::detail
