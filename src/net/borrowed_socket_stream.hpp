// SPDX-License-Identifier: MIT
// Internal: a plain socket seen as a Stream without taking it over, so that
// relay(Socket&) runs the one relay engine over a socket its caller keeps.
// Reads, writes and errors are SocketStream's.
#pragma once

#include "tcpc/stream.hpp"

namespace tcpc::detail {

class BorrowedSocketStream final : public Stream {
 public:
  // The caller keeps `socket` alive and non-blocking while this is used.
  explicit BorrowedSocketStream(Socket& socket) noexcept : socket_(socket) {}

  Socket& socket() noexcept override { return socket_; }
  Result<IoStatus> read_some(std::span<char> buffer) override;
  Result<IoStatus> write_some(std::string_view data) override;
  Result<Want> shutdown_write() override;
  int splice_fd() noexcept override { return socket_.fd(); }
  bool short_io_means_wait() const noexcept override { return true; }

 private:
  Socket& socket_;
};

}  // namespace tcpc::detail
