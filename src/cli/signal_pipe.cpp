// SPDX-License-Identifier: MIT
#include "signal_pipe.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace tcpc::cli {
namespace {

volatile std::sig_atomic_t pipe_write_fd = -1;

extern "C" void write_signal_byte(int signal) {
  const int saved = errno;
  const unsigned char byte = static_cast<unsigned char>(signal);
  [[maybe_unused]] ssize_t n = ::write(pipe_write_fd, &byte, 1);
  errno = saved;
}

}  // namespace

Result<SignalPipe> SignalPipe::install(std::initializer_list<int> signals) {
  SignalPipe pipe;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return system_error(errno, "pipe");
  pipe.read_ = Fd(fds[0]);
  pipe.write_ = Fd(fds[1]);
  pipe_write_fd = pipe.write_.get();
  struct sigaction action {};
  action.sa_handler = write_signal_byte;
  action.sa_flags = SA_RESTART;  // libedit's reads carry on after a resize
  sigemptyset(&action.sa_mask);
  for (int signal : signals) {
    struct sigaction old {};
    if (::sigaction(signal, &action, &old) != 0) return system_error(errno, "sigaction");
    pipe.previous_.emplace_back(signal, old);
  }
  return pipe;
}

SignalPipe::SignalPipe(SignalPipe&& other) noexcept
    : read_(std::move(other.read_)),
      write_(std::move(other.write_)),
      previous_(std::move(other.previous_)) {
  other.previous_.clear();
}

SignalPipe::~SignalPipe() {
  if (previous_.empty()) return;
  for (const auto& [signal, old] : previous_)
    ::sigaction(signal, &old, nullptr);
  pipe_write_fd = -1;
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
