// SPDX-License-Identifier: MIT
#include "relay/pipe_pump.hpp"

#include <poll.h>
#include <signal.h>

#include <cerrno>
#include <system_error>

#include "relay/splice.hpp"

namespace tcpc::detail {
namespace {

// What one splice() may move; as much as the private pipe holds.
constexpr std::size_t kPumpChunk = 1 << 20;

// poll() until one of `fds` is ready; a waiting poll() is never interrupted
// here since the thread blocks all signals, but EINTR is retried anyway.
void wait_for(pollfd* fds, nfds_t count) noexcept {
  while (::poll(fds, count, -1) < 0 && errno == EINTR) {
  }
}

}  // namespace

std::unique_ptr<PipePump> PipePump::start(int source) {
  auto pipe = make_splice_pipe(kPumpChunk);
  if (!pipe) return nullptr;
  std::unique_ptr<PipePump> pump(
      new PipePump(source, std::move(pipe->read), std::move(pipe->write)));
  // The thread takes no signals: SIGINT and SIGTERM go to the program's own
  // threads as before, and a SIGPIPE from writing into a pipe whose reader
  // has gone is raised, blocked and dropped with the thread.
  sigset_t all;
  sigset_t old;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  try {
    pump->thread_ = std::thread([raw = pump.get()] { raw->run(); });
  } catch (const std::system_error&) {
    pump.reset();
  }
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return pump;
}

PipePump::~PipePump() {
  // With its reader gone the private pipe reports POLLERR, which wakes the
  // thread whatever it waits for, and its next splice() fails with EPIPE.
  (void)read_.close();
  if (thread_.joinable()) thread_.join();
}

void PipePump::run() noexcept {
  for (;;) {
    const ssize_t n = splice_some(source_, write_.get(), kPumpChunk);
    if (n > 0) continue;
    if (n == 0) break;  // the source ended
    if (errno != EAGAIN) {
      if (errno != EPIPE) error_.store(errno);  // EPIPE: the relay is done with us
      break;
    }
    // Which side would block: wait for room in the private pipe, or else
    // for input. Either wait also ends when the relay closes the read end.
    pollfd room{write_.get(), POLLOUT, 0};
    const bool has_room = ::poll(&room, 1, 0) == 1 && room.revents == POLLOUT;
    if (room.revents & POLLERR) break;
    pollfd input[2] = {{source_, POLLIN, 0}, {write_.get(), 0, 0}};
    if (has_room) {
      wait_for(input, 2);
      if (input[1].revents & POLLERR) break;
    } else {
      wait_for(&room, 1);
      if (room.revents & POLLERR) break;
    }
  }
  (void)write_.close();  // end of stream for the relay
}

}  // namespace tcpc::detail
