// SPDX-License-Identifier: MIT
#include "standard_fds.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "i18n.hpp"

namespace tcpc::cli {
namespace {

bool is_closed(int fd) {
  return ::fcntl(fd, F_GETFD) == -1 && errno == EBADF;
}

}  // namespace

StandardFds ensure_standard_fds() {
  StandardFds state = StandardFds::open;
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (!is_closed(fd)) continue;
    // open() takes the lowest free number, which is this one: the ones
    // below it are open already (checked, or just filled).
    const int null_fd = ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
    if (null_fd != fd) return StandardFds::unavailable;
    if (fd == STDOUT_FILENO) state = StandardFds::stdout_filled;
  }
  return state;
}

bool warn_about(StandardFds state) {
  if (state == StandardFds::stdout_filled)
    fmt::print(stderr, "tcpc: {}\n",
               tr("standard output is closed: what arrives is discarded (/dev/null)"));
  return state != StandardFds::unavailable;
}

}  // namespace tcpc::cli
