// SPDX-License-Identifier: MIT
// The UDP side of the debugging assistant's echo server: every datagram goes
// back to whoever sent it, from anyone, one at a time (nc -u -l is for one
// conversation; this serves everybody).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "tcpc/fd.hpp"
#include "tcpc/result.hpp"
#include "tcpc/udp.hpp"

namespace tcpc {

struct UdpEchoOptions {
  bool once = false;  // return after the first datagram is echoed
  // Receives one line per datagram ("5 bytes from 127.0.0.1:40000 echoed").
  std::function<void(std::string_view)> log;
};

struct UdpEchoTotals {
  std::uint64_t datagrams = 0;
  std::uint64_t bytes = 0;  // received, and sent back
};

class UdpEchoServer {
 public:
  static Result<UdpEchoServer> create(UdpSocket socket, UdpEchoOptions options = {});

  const UdpSocket& socket() const noexcept { return socket_; }

  // Echoes until stop() (or, with `once`, after one datagram). A datagram
  // that cannot be sent back is logged and skipped: one sender's trouble
  // does not end the server.
  Result<UdpEchoTotals> run();
  // Safe from another thread and from a signal handler.
  void stop() noexcept;

 private:
  UdpEchoServer(UdpSocket socket, UdpEchoOptions options, Fd wake_read, Fd wake_write)
      : socket_(std::move(socket)),
        options_(std::move(options)),
        wake_read_(std::move(wake_read)),
        wake_write_(std::move(wake_write)) {}

  UdpSocket socket_;
  UdpEchoOptions options_;
  Fd wake_read_;  // stop() writes a byte to wake_write_
  Fd wake_write_;
};

}  // namespace tcpc
