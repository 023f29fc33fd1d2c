// SPDX-License-Identifier: MIT
#include "relay/relay_cancel.hpp"

#include <limits.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

namespace tcpc::detail {

void write_while_ready(int fd, ByteBuffer& buffer) {
  while (!buffer.empty()) {
    pollfd entry{fd, POLLOUT, 0};
    int ready;
    do {
      ready = ::poll(&entry, 1, 0);
    } while (ready < 0 && errno == EINTR);
    if (ready <= 0 || !(entry.revents & POLLOUT)) return;
    // Writable means room for at least PIPE_BUF bytes: no more, or a write to
    // a blocking pipe could wait for its reader after all.
    const std::string_view data = buffer.readable();
    const std::size_t chunk = std::min<std::size_t>(data.size(), PIPE_BUF);
    ssize_t n;
    do {
      n = ::write(fd, data.data(), chunk);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return;
    buffer.consume(static_cast<std::size_t>(n));
  }
}

}  // namespace tcpc::detail
