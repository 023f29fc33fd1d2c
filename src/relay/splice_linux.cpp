// SPDX-License-Identifier: MIT
// splice() on Linux; splice_other.cpp is the portable stand-in.
#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "relay/splice.hpp"

namespace tcpc::detail {

bool splice_supported() noexcept {
  return true;
}

ssize_t splice_some(int from, int to, std::size_t size) noexcept {
  ssize_t n;
  do {
    n = ::splice(from, nullptr, to, nullptr, size, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
  } while (n < 0 && errno == EINTR);
  return n;
}

bool send_file_supported() noexcept {
  return true;
}

ssize_t send_file_some(int from, int to, std::size_t size) noexcept {
  ssize_t n;
  do {
    n = ::sendfile(to, from, nullptr, size);
  } while (n < 0 && errno == EINTR);
  return n;
}

int pipe_capacity(int fd) noexcept {
  const int size = ::fcntl(fd, F_GETPIPE_SZ);
  return size > 0 ? size : 0;
}

void grow_pipe(int fd, std::size_t size) noexcept {
  const int current = ::fcntl(fd, F_GETPIPE_SZ);
  if (current >= 0 && static_cast<std::size_t>(current) < size)
    (void)::fcntl(fd, F_SETPIPE_SZ, static_cast<int>(size));
}

std::optional<PipeEnds> make_splice_pipe(std::size_t size) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return std::nullopt;
  PipeEnds ends{Fd(fds[0]), Fd(fds[1])};
  grow_pipe(ends.write.get(), size);
  return ends;
}

SigpipeBlock::SigpipeBlock() noexcept {
  sigset_t pending;
  sigemptyset(&pending);
  if (::sigpending(&pending) == 0) was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGPIPE);
  ::pthread_sigmask(SIG_BLOCK, &block, &old_mask_);
  was_blocked_ = sigismember(&old_mask_, SIGPIPE) == 1;
}

SigpipeBlock::~SigpipeBlock() {
  if (!was_pending_) {
    // Consume the SIGPIPE that our own splice() raised, if any.
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    const timespec now{0, 0};
    while (::sigtimedwait(&pipe_only, nullptr, &now) == SIGPIPE) {
    }
  }
  if (!was_blocked_) ::pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

}  // namespace tcpc::detail
