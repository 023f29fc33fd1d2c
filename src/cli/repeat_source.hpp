// SPDX-License-Identifier: MIT
// --repeat N --interval SECS for one-shot sends: a thread writes the data N
// times into a pipe, INTERVAL apart, and the relay reads the pipe like any
// input. The relay stays the one loop that moves bytes, and the pipe gives
// backpressure for free: a full pipe blocks the writer, not the memory.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "tcpc/fd.hpp"
#include "tcpc/result.hpp"
#include "tcpc/socket.hpp"

namespace tcpc::cli {

class RepeatSource {
 public:
  // Sends `payload`, or the contents of `file` when it is open (read from
  // its start each time), `count` times (0: until the relay ends).
  // `make_payload`, when set, gives each send's payload instead (macros:
  // {seq} is the 1-based number of the send).
  static Result<std::unique_ptr<RepeatSource>> start(
      std::string payload, Fd file, std::uint64_t count, Milliseconds interval,
      std::function<std::string(std::uint64_t seq)> make_payload = {});
  // Stops the writer (a pending interval ends at once) and joins it.
  ~RepeatSource();
  RepeatSource(const RepeatSource&) = delete;
  RepeatSource& operator=(const RepeatSource&) = delete;

  // The relay's input: end of file after the last repetition.
  int read_fd() const noexcept { return read_.get(); }

 private:
  RepeatSource() = default;
  void run(std::uint64_t count, Milliseconds interval);
  bool write_once();

  std::string payload_;
  std::function<std::string(std::uint64_t)> make_payload_;
  std::uint64_t seq_ = 0;
  Fd file_;
  Fd read_;
  Fd write_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tcpc::cli
