// SPDX-License-Identifier: MIT
#include "signal_pipe.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace tcpc::cli {
namespace {

// The pipe each signal is written to, plus one (0: none), so that pipes for
// different signals (the session's, the stop signals') can live side by side.
volatile std::sig_atomic_t pipe_write_fd[NSIG] = {};

extern "C" void write_signal_byte(int signal) {
  const int saved = errno;
  const unsigned char byte = static_cast<unsigned char>(signal);
  const int fd = signal > 0 && signal < NSIG ? pipe_write_fd[signal] - 1 : -1;
  if (fd >= 0) {
    [[maybe_unused]] ssize_t n = ::write(fd, &byte, 1);
  }
  errno = saved;
}

}  // namespace

Result<SignalPipe> SignalPipe::install(std::initializer_list<int> signals) {
  SignalPipe pipe;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
    return system_error(errno, Operation::system_call, "pipe");
  pipe.read_ = Fd(fds[0]);
  pipe.write_ = Fd(fds[1]);
  struct sigaction action {};
  action.sa_handler = write_signal_byte;
  action.sa_flags = SA_RESTART;  // libedit's reads carry on after a resize
  sigemptyset(&action.sa_mask);
  for (int signal : signals) {
    if (signal <= 0 || signal >= NSIG)
      return system_error(EINVAL, Operation::system_call, "sigaction");
    const int previous_pipe = pipe_write_fd[signal];
    pipe_write_fd[signal] = pipe.write_.get() + 1;
    struct sigaction old {};
    if (::sigaction(signal, &action, &old) != 0) {
      pipe_write_fd[signal] = previous_pipe;
      return system_error(errno, Operation::system_call, "sigaction");
    }
    pipe.previous_.emplace_back(signal, old);
    pipe.previous_pipes_.push_back(previous_pipe);
  }
  return pipe;
}

SignalPipe::SignalPipe(SignalPipe&& other) noexcept
    : read_(std::move(other.read_)),
      write_(std::move(other.write_)),
      previous_(std::move(other.previous_)),
      previous_pipes_(std::move(other.previous_pipes_)) {
  other.previous_.clear();
}

SignalPipe::~SignalPipe() {
  if (previous_.empty()) return;
  // Newest first, so a signal installed twice gets its first pipe back.
  for (std::size_t i = previous_.size(); i-- > 0;) {
    const auto& [signal, old] = previous_[i];
    pipe_write_fd[signal] = previous_pipes_[i];
    ::sigaction(signal, &old, nullptr);
  }
}

std::vector<int> SignalPipe::take() {
  std::vector<int> caught;
  unsigned char bytes[64];
  for (;;) {
    const ssize_t n = ::read(read_.get(), bytes, sizeof bytes);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return caught;
    for (ssize_t i = 0; i < n; ++i)
      caught.push_back(bytes[i]);
  }
}

}  // namespace tcpc::cli
