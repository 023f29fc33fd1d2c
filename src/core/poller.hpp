// SPDX-License-Identifier: MIT
// Internal: readiness for many descriptors. epoll on Linux (O(ready) per
// wait, for thousands of clients); poll() elsewhere.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "tcpc/result.hpp"

namespace tcpc::detail {

enum : std::uint32_t { kReadable = 1, kWritable = 2, kClosed = 4 };

struct Ready {
  int fd;
  std::uint32_t events;  // kReadable | kWritable | kClosed
};

class Poller {
 public:
  static Result<std::unique_ptr<Poller>> create();
  virtual ~Poller() = default;

  // interest: kReadable | kWritable (0 keeps the fd registered but quiet).
  virtual Result<void> add(int fd, std::uint32_t interest) = 0;
  virtual Result<void> modify(int fd, std::uint32_t interest) = 0;
  virtual void remove(int fd) = 0;
  // Fills `ready`; a negative timeout waits forever. EINTR returns no events.
  virtual Result<void> wait(std::vector<Ready>& ready, int timeout_ms) = 0;
};

}  // namespace tcpc::detail
