// SPDX-License-Identifier: MIT
#include "stop_signals.hpp"

#include <poll.h>

#include <cerrno>
#include <csignal>

#include "exit_code.hpp"

namespace tcpc::cli {

Result<StopSignals> StopSignals::install() {
  auto pipe = SignalPipe::install({SIGINT, SIGTERM});
  if (!pipe) return pipe.error();
  return StopSignals(std::move(*pipe));
}

bool StopSignals::wait_for(int fd) const {
  pollfd fds[2] = {{fd, POLLIN, 0}, {pipe_.fd(), POLLIN, 0}};
  int ready;
  do {
    ready = ::poll(fds, 2, -1);
  } while (ready < 0 && errno == EINTR);
  // A failed poll() is left to whatever reads fd next, which reports it.
  return fds[1].revents == 0;
}

std::optional<int> StopSignals::exit_code() {
  // The byte stays in the pipe until the first call, so every loop that
  // watches fd() sees it; from then on the first signal decides.
  for (int signal : pipe_.take()) {
    if (first_ == 0) first_ = signal;
  }
  if (first_ == SIGINT) return kInterrupted;
  if (first_ == SIGTERM) return kTerminated;
  return std::nullopt;
}

}  // namespace tcpc::cli
