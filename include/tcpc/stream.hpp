// SPDX-License-Identifier: MIT
// A byte stream the relay and the server run over: a plain socket, or a TLS
// session on one (tcpc/tls/tls.hpp). Streams are non-blocking. An operation that
// cannot go on says which readiness it waits for: with TLS a read may have
// to write first (a handshake message) and a write may have to read.
#pragma once

#include <poll.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "tcpc/relay.hpp"
#include "tcpc/result.hpp"
#include "tcpc/socket.hpp"

namespace tcpc {

// What a stream operation waits for before it can make progress.
enum class Want { nothing, read, write };

// The poll() event that lets an operation which wants `want` go on.
inline short poll_events_for(Want want) noexcept {
  return want == Want::write ? POLLOUT : POLLIN;
}

struct IoStatus {
  std::size_t bytes = 0;      // bytes moved
  Want want = Want::nothing;  // read_some: 0 bytes and Want::nothing is end of stream
};

class Stream {
 public:
  virtual ~Stream() = default;

  virtual Socket& socket() noexcept = 0;
  int fd() noexcept { return socket().fd(); }
  const Endpoint& peer() noexcept { return socket().peer(); }

  // Finishes the protocol's own handshake (TLS); a plain socket has none.
  virtual Result<Want> handshake() { return Want::nothing; }
  virtual Result<IoStatus> read_some(std::span<char> buffer) = 0;
  virtual Result<IoStatus> write_some(std::string_view data) = 0;
  // Ends our direction (TLS: close_notify first); we can still read.
  // Want::nothing once done.
  virtual Result<Want> shutdown_write() = 0;
  // True when bytes wait inside the stream where poll() cannot see them.
  virtual bool has_pending() const noexcept { return false; }

  // What the relay may do with the stream beyond reading and writing.
  // The descriptor whose bytes are the stream's bytes as they are, so that
  // splice() can move them without a copy (a plain socket); -1 when the
  // stream must see every byte (TLS encrypts them).
  virtual int splice_fd() noexcept { return -1; }
  // True when a read_some() or write_some() that moved fewer bytes than
  // asked means the next one would wait (a plain socket: the kernel's buffer
  // was emptied or filled), so the relay polls instead of asking again. TLS
  // moves one record at a time and is asked again until it says it waits.
  virtual bool short_io_means_wait() const noexcept { return false; }
};

// The plain transport: recv/send on the socket, EAGAIN as Want::read/write.
class SocketStream final : public Stream {
 public:
  // Switches the socket to non-blocking.
  static Result<SocketStream> wrap(Socket socket);

  Socket& socket() noexcept override { return socket_; }
  Result<IoStatus> read_some(std::span<char> buffer) override;
  Result<IoStatus> write_some(std::string_view data) override;
  Result<Want> shutdown_write() override;
  int splice_fd() noexcept override { return socket_.fd(); }
  bool short_io_means_wait() const noexcept override { return true; }

 private:
  explicit SocketStream(Socket socket) noexcept : socket_(std::move(socket)) {}
  Socket socket_;
};

// Blocking use of a stream, for step-by-step clients (guided mode, tests):
// each waits with poll() until done or `timeout` (negative: no limit).
Result<void> write_all(Stream& stream, std::string_view data, Milliseconds timeout);
// Up to buffer.size() bytes; 0 at end of stream; nullopt when nothing came in time.
Result<std::optional<std::size_t>> read_within(Stream& stream, std::span<char> buffer,
                                               Milliseconds timeout);
// Runs handshake() to completion within `timeout`.
Result<void> complete_handshake(Stream& stream, Milliseconds timeout, std::string_view context);

// The relay of tcpc/relay.hpp over any stream: same options, same totals,
// the same engine as relay(Socket&) (which runs it over the socket as a
// plain stream). Zero-copy splice() applies where splice_fd() allows it.
// The stream's socket is non-blocking while it runs and is handed back in
// the mode it came in, whichever way the relay ends.
Result<RelayTotals> relay(Stream& stream, const RelayOptions& options = {});

}  // namespace tcpc
