// SPDX-License-Identifier: MIT
// Internal: zero-copy moves between a pipe and a socket (Linux splice()).
// Everything Linux-only lives behind these functions; elsewhere they say
// "not supported" and callers use read()/write().
#pragma once

#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <optional>

#include "tcpc/fd.hpp"

namespace tcpc::detail {

// True when `fd` is a pipe (or FIFO) that splice() can move data through.
inline bool is_pipe(int fd) noexcept {
  struct stat info {};
  return fd >= 0 && ::fstat(fd, &info) == 0 && S_ISFIFO(info.st_mode);
}

// True when `fd` is a regular file (sendfile() can read it).
inline bool is_regular_file(int fd) noexcept {
  struct stat info {};
  return fd >= 0 && ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
}

// True when this build can splice at all (Linux).
bool splice_supported() noexcept;

// One non-blocking splice() of up to `size` bytes from `from` to `to`, one of
// which is a pipe. Returns bytes moved, 0 at end of stream, or -1 with errno:
// EAGAIN when either side would block, EINVAL/ENOSYS when the kernel cannot
// splice these descriptors (fall back to read/write; nothing was moved).
ssize_t splice_some(int from, int to, std::size_t size) noexcept;

// True when this build has sendfile() from a file to a socket (Linux).
bool send_file_supported() noexcept;

// One sendfile() of up to `size` bytes from the regular file `from` (at its
// current offset, which advances) to the socket `to`; returns as
// splice_some() does (EAGAIN: the socket is full).
ssize_t send_file_some(int from, int to, std::size_t size) noexcept;

// The pipe's capacity in bytes; 0 if unknown.
int pipe_capacity(int fd) noexcept;

// Gives a pipe at least `size` bytes of capacity if the system allows it;
// fewer splice() calls per megabyte. Failure is harmless and ignored.
void grow_pipe(int fd, std::size_t size) noexcept;

// A pipe of our own to splice() through: both ends non-blocking and
// close-on-exec, grown to `size` bytes if the system allows. Empty where
// splice() is unsupported or no pipe can be had (out of descriptors).
struct PipeEnds {
  Fd read;
  Fd write;
};
std::optional<PipeEnds> make_splice_pipe(std::size_t size);

// splice() into a socket whose peer has gone raises SIGPIPE (there is no
// MSG_NOSIGNAL for it). While a SigpipeBlock lives, SIGPIPE is blocked in the
// calling thread only; on destruction a SIGPIPE raised meanwhile is consumed
// and the thread's mask restored, so the process's signal handling is not
// changed (the technique libcurl uses).
class SigpipeBlock {
 public:
  SigpipeBlock() noexcept;
  ~SigpipeBlock();
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t old_mask_;
  bool was_pending_ = false;
  bool was_blocked_ = false;
};

}  // namespace tcpc::detail
