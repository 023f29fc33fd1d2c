// SPDX-License-Identifier: MIT
#include "server/splice_echo.hpp"

#include <cerrno>

#include "relay/splice.hpp"

namespace tcpc::detail {
namespace {

// A bulk client's pipe: large enough that one splice() moves a lot.
constexpr std::size_t kPipeSize = 1 << 20;

}  // namespace

std::optional<SpliceEcho> SpliceEcho::create() {
  auto pipe = make_splice_pipe(kPipeSize);
  if (!pipe) return std::nullopt;
  int capacity = pipe_capacity(pipe->write.get());
  if (capacity <= 0) capacity = 64 * 1024;
  return SpliceEcho(std::move(pipe->read), std::move(pipe->write),
                    static_cast<std::size_t>(capacity));
}

SpliceEcho::Moved SpliceEcho::step(int socket_fd, bool readable) {
  Moved moved;
  if (readable && !full()) {
    const ssize_t n = splice_some(socket_fd, write_.get(), capacity_ - held_);
    if (n > 0) {
      held_ += static_cast<std::size_t>(n);
      moved.in = static_cast<std::size_t>(n);
    } else if (n == 0) {
      moved.peer_done = true;
    } else if (errno != EAGAIN) {
      moved.error = errno;
      return moved;
    }
  }
  if (held_ > 0) {
    const ssize_t n = splice_some(read_.get(), socket_fd, held_);
    if (n > 0) {
      held_ -= static_cast<std::size_t>(n);
      moved.out = static_cast<std::size_t>(n);
    } else if (n < 0 && errno != EAGAIN) {
      moved.error = errno;
    }
  }
  return moved;
}

}  // namespace tcpc::detail
