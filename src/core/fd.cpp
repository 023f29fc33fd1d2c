// SPDX-License-Identifier: MIT
#include "tcpc/fd.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace tcpc {

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Result<void> Fd::close() {
  if (fd_ < 0) return {};
  const int fd = release();
  if (::close(fd) != 0 && errno != EINTR) return system_error(errno, Operation::close);
  return {};
}

Result<void> set_nonblocking(int fd, bool on) {
  const int flags = fcntl(fd, F_GETFL);
  if (flags < 0) return system_error(errno, Operation::system_call, "fcntl(F_GETFL)");
  const int wanted = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  if (wanted != flags && fcntl(fd, F_SETFL, wanted) < 0)
    return system_error(errno, Operation::system_call, "fcntl(F_SETFL)");
  return {};
}

}  // namespace tcpc
