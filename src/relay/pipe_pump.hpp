// SPDX-License-Identifier: MIT
// Internal: the relay's second thread for bulk input from a pipe. The
// thread moves the input pipe's pages into a private pipe by splice(), and
// the relay sends from the private pipe. Why: splice() into a socket holds
// the input pipe's lock for the whole send (on loopback that includes the
// receiver's side of TCP), so the program writing into the pipe (dd, tar)
// waited for each send to finish, and the two took turns on one CPU. With
// the pump, the writer and the send run at once on two CPUs.
#pragma once

#include <atomic>
#include <memory>
#include <thread>

#include "tcpc/fd.hpp"

namespace tcpc::detail {

class PipePump {
 public:
  // Starts pumping `source` (a pipe that splice() has read before). Empty
  // when splice() is unsupported or no pipe or thread can be had; the caller
  // then reads `source` itself.
  static std::unique_ptr<PipePump> start(int source);

  // Stops the thread (it may have read ahead up to one pipe's capacity,
  // which is then dropped, like a netcat's buffer) and waits for it.
  ~PipePump();
  PipePump(const PipePump&) = delete;
  PipePump& operator=(const PipePump&) = delete;

  // The private pipe's read end: the source's bytes in order, end of stream
  // once the source ends (or fails).
  int read_fd() const noexcept { return read_.get(); }
  // After end of stream: the errno of a failed read of the source, or 0.
  int error() const noexcept { return error_.load(); }

 private:
  PipePump(int source, Fd read, Fd write) noexcept
      : source_(source), read_(std::move(read)), write_(std::move(write)) {}
  void run() noexcept;

  int source_;
  Fd read_;
  Fd write_;  // closed by the thread when it ends
  std::atomic<int> error_{0};
  std::thread thread_;
};

}  // namespace tcpc::detail
