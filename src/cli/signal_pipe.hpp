// SPDX-License-Identifier: MIT
// Signals as readable bytes (the self-pipe trick): the handler only writes
// the signal number into a pipe, and the poll loop that owns the terminal
// reads it back and acts in ordinary code. No race between checking a flag
// and going to sleep in poll(), and it works wherever poll() does.
#pragma once

#include <csignal>
#include <initializer_list>
#include <utility>
#include <vector>

#include "tcpc/fd.hpp"
#include "tcpc/result.hpp"

namespace tcpc::cli {

class SignalPipe {
 public:
  // Installs handlers for `signals` (one SignalPipe per signal at a time).
  static Result<SignalPipe> install(std::initializer_list<int> signals);
  // Puts the previous handlers back.
  ~SignalPipe();
  SignalPipe(SignalPipe&& other) noexcept;
  SignalPipe& operator=(SignalPipe&&) = delete;

  // Readable when a signal has arrived.
  int fd() const noexcept { return read_.get(); }
  // The signals caught since the last call, oldest first.
  std::vector<int> take();

 private:
  SignalPipe() = default;
  Fd read_;
  Fd write_;
  std::vector<std::pair<int, struct sigaction>> previous_;
  std::vector<int>
      previous_pipes_;  // each signal's pipe before (the stop signals' under a session)
};

}  // namespace tcpc::cli
