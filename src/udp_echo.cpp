// SPDX-License-Identifier: MIT
#include "tcpc/udp_echo.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace tcpc {

Result<UdpEchoServer> UdpEchoServer::create(UdpSocket socket, UdpEchoOptions options) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0)
    return system_error(errno, Operation::system_call, "pipe");
  return UdpEchoServer(std::move(socket), std::move(options), Fd(pipe_fds[0]), Fd(pipe_fds[1]));
}

void UdpEchoServer::stop() noexcept {
  const char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_write_.get(), &byte, 1);
}

Result<UdpEchoTotals> UdpEchoServer::run() {
  UdpEchoTotals totals;
  std::string buffer(kMaxDatagram, '\0');
  for (;;) {
    pollfd fds[2] = {{socket_.fd(), POLLIN, 0}, {wake_read_.get(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return system_error(errno, Operation::system_call, "poll");
    }
    if (fds[1].revents != 0) return totals;
    if (fds[0].revents == 0) continue;

    Endpoint sender;
    auto received = socket_.recv_from(buffer, sender);
    if (!received) {
      // An ICMP error left over from an earlier send: not fatal for a server.
      if (options_.log) options_.log(received.error().message());
      continue;
    }
    auto sent = socket_.send_to(std::string_view(buffer.data(), *received), sender);
    ++totals.datagrams;
    totals.bytes += *received;
    if (options_.log) {
      options_.log(sent
                       ? std::to_string(*received) + " bytes from " + sender.to_string() + " echoed"
                       : sent.error().message());
    }
    if (options_.once) return totals;
  }
}

}  // namespace tcpc
