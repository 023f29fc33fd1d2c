// SPDX-License-Identifier: MIT
// Steps 1, 3-6 of the tutorial: a connected socket that sends, receives and
// closes. Every error names the operation and the peer:
//   "send to 127.0.0.1:7: Connection reset by peer".
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/address.hpp"
#include "tcpc/fd.hpp"
#include "tcpc/result.hpp"
#include "tcpc/socket_options.hpp"

namespace tcpc {

using Milliseconds = std::chrono::milliseconds;

class Socket {
 public:
  Socket() = default;
  // Takes ownership of a connected socket; `peer` names it in errors.
  Socket(Fd fd, Endpoint peer) noexcept : fd_(std::move(fd)), peer_(peer) {}

  int fd() const noexcept { return fd_.get(); }
  bool is_open() const noexcept { return fd_.valid(); }
  const Endpoint& peer() const noexcept { return peer_; }
  Result<Endpoint> local_endpoint() const;

  // Sends every byte, looping over short writes and EINTR; waits while a
  // non-blocking socket is full. Never raises SIGPIPE.
  Result<void> send_all(std::string_view data);
  // One send(); returns how much was taken, 0 if a non-blocking socket is full.
  Result<std::size_t> send_some(std::string_view data);
  // One recv() of up to buffer.size() bytes; 0 means the peer closed.
  Result<std::size_t> recv_some(std::span<char> buffer);
  // The tutorial's recv(1024): up to max_bytes, empty at end of stream.
  Result<std::string> recv(std::size_t max_bytes);
  // Waits until data (or EOF) can be read; false on timeout.
  Result<bool> wait_readable(Milliseconds timeout);

  // Half-close: the peer sees end of stream, we can still receive.
  Result<void> shutdown_write();
  Result<void> close();

  Result<void> set_nodelay(bool on);
  Result<void> set_keepalive(bool on);
  Result<void> set_nonblocking(bool on);

 private:
  Error failure(int errnum, std::string_view operation) const;

  Fd fd_;
  Endpoint peer_;
};

struct ConnectOptions {
  // Per address tried; zero waits as long as the system does.
  Milliseconds timeout{0};
  // Local address to bind first (nc -s / -p); empty for any.
  std::optional<Endpoint> local;
  // Set on the socket before it binds and connects (buffer sizes before the
  // handshake, so the window scale fits them).
  SocketSettings settings;
};

// Connects to one address, giving up after options.timeout.
Result<Socket> connect(const Endpoint& endpoint, const ConnectOptions& options = {});
// Tries each address in turn until one answers; if none does, the error is
// the last address's.
Result<Socket> connect(const std::vector<Endpoint>& endpoints, const ConnectOptions& options = {});

}  // namespace tcpc
