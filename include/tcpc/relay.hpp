// SPDX-License-Identifier: MIT
// The relay: what netcat does. Input goes to the socket and the socket goes
// to output, both at once, in one poll loop with bounded buffers. When a
// buffer is full its source is not read (backpressure), so memory stays
// bounded however much data flows. One engine runs it over a plain socket
// (TCP or Unix) and over any Stream (tcpc/stream.hpp, TLS): every option
// below means the same over each.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "tcpc/result.hpp"
#include "tcpc/socket.hpp"

namespace tcpc {

// A streaming conversion applied to one direction, e.g. UTF-8 -> GBK.
class Transform {
 public:
  virtual ~Transform() = default;
  virtual Result<void> feed(std::string_view in, std::string& out) = 0;
  // End of stream: flush whatever is held back.
  virtual Result<void> finish(std::string& out) = 0;
  // A transform that holds bytes until a quiet gap ends them (frames cut
  // by an idle time) says until when. Once that time has passed the relay
  // calls wake() and passes on what it appends, as after feed(). nullopt:
  // nothing waits. Only the incoming transform is asked.
  virtual std::optional<std::chrono::steady_clock::time_point> wake_time() const {
    return std::nullopt;
  }
  virtual Result<void> wake(std::string& /*out*/) { return {}; }
};

// Sees the traffic without changing it: counters, a copy to a file (-o),
// periodic statistics. Called from the relay's own thread.
class RelayObserver {
 public:
  virtual ~RelayObserver() = default;
  // Bytes as they came from the socket, before the incoming transform.
  virtual void on_received(std::string_view /*bytes*/) {}
  // Bytes as they went into the socket, after the outgoing transform.
  virtual void on_sent(std::string_view /*bytes*/) {}
  // Every RelayOptions::tick_interval while the relay runs.
  virtual void on_tick() {}
};

struct RelayOptions {
  // Sent first, before anything read from input_fd (one-shot --send/--hex).
  std::string_view payload;
  int input_fd = STDIN_FILENO;    // -1: nothing more to send after payload (nc -d)
  int output_fd = STDOUT_FILENO;  // -1: drop what arrives
  // shutdown(SHUT_WR) once everything is sent, so the peer sees end of stream.
  bool half_close = true;
  // End as soon as the peer's stream ends, even while input is still open
  // (listen mode, or a terminal that would otherwise wait for Ctrl-D).
  bool stop_when_peer_closes = false;
  // No traffic in either direction for this long ends the relay (nc -w); 0: never.
  Milliseconds idle_timeout{0};
  // Stop after this many bytes have arrived (--recv-size); 0: no limit.
  std::uint64_t receive_limit = 0;
  // Per direction; 0 sizes them from the socket's buffers (256 KiB - 1 MiB).
  // On Linux, over a plain socket (not TLS), a direction whose local end is
  // a pipe and whose bytes need no transform, observer, payload or limit
  // uses splice() and no buffer at all.
  // Once such input has sent 1 MiB (a bulk transfer), a second thread moves
  // the input pipe's pages into a private pipe while the relay sends, so
  // the program writing the input need not wait for each send. It reads up
  // to 1 MiB ahead, which is dropped if the relay ends before sending it.
  std::size_t buffer_size = 0;
  // false: always read()/write(), never splice().
  bool zero_copy = true;
  Transform* outgoing = nullptr;  // input -> socket
  Transform* incoming = nullptr;  // socket -> output
  RelayObserver* observer = nullptr;
  Milliseconds tick_interval{0};  // 0: no on_tick()
  // nc -q: once all input is sent, go on receiving for at most this long,
  // then end (0: at once); negative: until the peer closes.
  Milliseconds quit_after_input{-1};
  // Readable means stop (e.g. a self-pipe written by a SIGINT handler): the
  // relay stops reading, writes out what it already received if the output
  // takes it at once, ends its sending side if that goes at once (TLS:
  // close_notify), and returns with RelayTotals::cancelled. -1: none.
  int cancel_fd = -1;
  // Called once, when the peer's stream has ended and all that came from it
  // has been written to output_fd, or when output_fd's reader has gone:
  // the relay never touches output_fd again, so the caller may close it,
  // e.g. a program's stdin, which then sees the end of its input (--exec).
  std::function<void()> on_output_done;
};

struct RelayTotals {
  std::uint64_t bytes_sent = 0;      // to the socket, after `outgoing`
  std::uint64_t bytes_received = 0;  // from the socket, before `incoming`
  bool timed_out = false;            // ended by idle_timeout
  bool output_closed = false;        // the output's reader went away (EPIPE)
  std::uint64_t bytes_spliced = 0;   // of sent + received, moved by splice() without a copy
  bool cancelled = false;            // ended by RelayOptions::cancel_fd
};

// Runs until both directions are done (or as RelayOptions says). The socket
// is non-blocking while it runs and is handed back in the mode it came in,
// whichever way the relay ends (success, failure, timeout or cancel).
Result<RelayTotals> relay(Socket& socket, const RelayOptions& options = {});

}  // namespace tcpc
