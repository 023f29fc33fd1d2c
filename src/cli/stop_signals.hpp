// SPDX-License-Identifier: MIT
// Ctrl-C (SIGINT) and SIGTERM as a readable descriptor. The relay and the
// server watch it (RelayOptions::cancel_fd, ServerOptions::cancel_fd) and
// stop cleanly, so the CLI still closes the connections, prints its totals
// and exits 130 or 143. The handler only writes a byte (SignalPipe).
#pragma once

#include <optional>

#include "signal_pipe.hpp"
#include "tcpc/result.hpp"

namespace tcpc::cli {

class StopSignals {
 public:
  // Catches SIGINT and SIGTERM until destroyed.
  static Result<StopSignals> install();

  // Readable once a stop signal has arrived.
  int fd() const noexcept { return pipe_.fd(); }
  // Waits until `fd` is readable (e.g. a client to accept); false when a
  // stop signal came first.
  bool wait_for(int fd) const;
  // kInterrupted (SIGINT) or kTerminated (SIGTERM) for the first stop signal
  // caught; nothing while none has arrived.
  std::optional<int> exit_code();

 private:
  explicit StopSignals(SignalPipe pipe) : pipe_(std::move(pipe)) {}
  SignalPipe pipe_;
  int first_ = 0;
};

}  // namespace tcpc::cli
