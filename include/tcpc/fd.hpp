// SPDX-License-Identifier: MIT
// The one owner of a file descriptor: move-only, -1 means empty, closed once
// by the destructor. close() is never retried on EINTR: on Linux the
// descriptor is gone either way, and a retry could close a reused number.
#pragma once

#include "tcpc/result.hpp"

namespace tcpc {

class Fd {
 public:
  Fd() noexcept = default;
  explicit Fd(int fd) noexcept : fd_(fd) {}
  ~Fd();

  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const noexcept { return fd_; }
  bool valid() const noexcept { return fd_ >= 0; }
  explicit operator bool() const noexcept { return valid(); }

  // Gives up ownership without closing.
  int release() noexcept {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // Closes now and reports the error, if any; the Fd is empty afterwards.
  Result<void> close();

 private:
  int fd_ = -1;
};

// O_NONBLOCK on or off for a descriptor we own.
Result<void> set_nonblocking(int fd, bool on);

}  // namespace tcpc
