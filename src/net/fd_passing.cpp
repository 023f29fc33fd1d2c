// SPDX-License-Identifier: MIT
#include "tcpc/fd_passing.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "core/wait.hpp"

namespace tcpc {

Result<void> send_descriptor(int channel, int fd) {
  char byte = '\0';
  iovec data{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
  for (;;) {
    const ssize_t sent = ::sendmsg(channel, &message, MSG_NOSIGNAL);
    if (sent == 1) return {};
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (detail::wait_fd(channel, POLLOUT, std::chrono::milliseconds(-1)) < 0 && errno != EINTR)
        return system_error(errno, Operation::system_call, "poll");
      continue;
    }
    return system_error(sent < 0 ? errno : EIO, Operation::system_call, "sendmsg SCM_RIGHTS");
  }
}

}  // namespace tcpc
