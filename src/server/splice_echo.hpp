// SPDX-License-Identifier: MIT
// Internal: the echo server's zero-copy path for bulk clients. What a client
// sends goes socket -> pipe -> the same socket by splice(), never through
// user memory. A pipe costs two descriptors, so the server gives one only to
// clients that fill its buffer (bulk senders), not to every connection.
#pragma once

#include <cstddef>
#include <optional>

#include "tcpc/fd.hpp"

namespace tcpc::detail {

class SpliceEcho {
 public:
  // Empty when splice() is unsupported or no pipe can be had (out of fds).
  static std::optional<SpliceEcho> create();

  struct Moved {
    std::size_t in = 0;   // socket -> pipe
    std::size_t out = 0;  // pipe -> socket
    bool peer_done = false;
    int error = 0;  // errno of a failed splice; the client should be dropped
  };
  // Moves what the socket has into the pipe (when `readable`), then what the
  // pipe holds back out. Never blocks.
  Moved step(int socket_fd, bool readable);

  bool holding() const noexcept { return held_ > 0; }  // echo not yet sent
  bool full() const noexcept { return held_ >= capacity_; }

 private:
  SpliceEcho(Fd read, Fd write, std::size_t capacity)
      : read_(std::move(read)), write_(std::move(write)), capacity_(capacity) {}
  Fd read_;
  Fd write_;
  std::size_t capacity_;
  std::size_t held_ = 0;
};

}  // namespace tcpc::detail
