// SPDX-License-Identifier: MIT
#include <sys/socket.h>

#include <cerrno>

#include "netcat.hpp"

namespace tcpc::cli {

void TelnetAnswer::on_received(std::string_view bytes) {
  const std::string answer = refuser_.answer(bytes);
  // A few bytes at a time, as nc writes them: the socket's buffer has room
  // for them, and a peer that is gone shows in the relay's next send.
  std::size_t done = 0;
  while (fd >= 0 && done < answer.size()) {
    const ssize_t n = ::send(fd, answer.data() + done, answer.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace tcpc::cli
