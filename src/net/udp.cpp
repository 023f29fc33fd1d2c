// SPDX-License-Identifier: MIT
#include "tcpc/udp.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include "core/wait.hpp"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

namespace tcpc {

Error UdpSocket::failure(int errnum, std::string_view operation, const Endpoint* peer) const {
  if (peer != nullptr && !peer->empty()) {
    if (operation == "recv") return system_error(errnum, Operation::receive, peer->to_string());
    if (operation == "send") return system_error(errnum, Operation::send, peer->to_string());
    if (operation == "connect") return system_error(errnum, Operation::connect, peer->to_string());
  }
  if (local_.empty()) {
    if (operation == "close") return system_error(errnum, Operation::close);
    return system_error(errnum, Operation::system_call, std::string(operation));
  }
  // "recv on 0.0.0.0:7": no operation of the list says "on" for these.
  std::string context(operation);
  if (peer != nullptr && !peer->empty()) {
    context += (operation == "recv" ? " from " : " to ") + peer->to_string();
  } else if (!local_.empty()) {
    context += " on " + local_.to_string();
  }
  return system_error(errnum, std::move(context));
}

Result<UdpSocket> UdpSocket::open(int family, const std::optional<Endpoint>& local) {
  Fd fd(::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd) return system_error(errno, Operation::system_call, "socket(SOCK_DGRAM)");
  if (local) {
    const int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd.get(), local->data(), local->size()) != 0) {
      return system_error(errno, Operation::bind, local->to_string());
    }
  }
  return UdpSocket(std::move(fd), local.value_or(Endpoint()));
}

Result<UdpSocket> UdpSocket::bind(const std::vector<Endpoint>& endpoints) {
  if (endpoints.empty()) return Error(errc::no_address, Operation::bind);
  std::optional<Error> last;
  for (const Endpoint& endpoint : endpoints) {
    const std::string address = endpoint.to_string();
    Fd fd(::socket(endpoint.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!fd) {
      last = system_error(errno, Operation::bind, address);
      continue;
    }
    const int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (endpoint.family() == AF_INET6) {
      // As for TCP listeners: "::" means IPv6 only.
      ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    }
    if (::bind(fd.get(), endpoint.data(), endpoint.size()) != 0) {
      last = system_error(errno, Operation::bind, address);
      continue;
    }
    UdpSocket socket(std::move(fd), endpoint);
    auto local = socket.local_endpoint();  // port 0 became a real port
    if (!local) return local.error();
    socket.local_ = *local;
    return socket;
  }
  return *last;
}

Result<Endpoint> UdpSocket::local_endpoint() const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return failure(errno, "getsockname", nullptr);
  }
  return Endpoint(reinterpret_cast<const sockaddr*>(&address), length);
}

Result<void> UdpSocket::connect(const Endpoint& peer) {
  if (::connect(fd(), peer.data(), peer.size()) != 0) return failure(errno, "connect", &peer);
  peer_ = peer;
  if (auto local = local_endpoint()) local_ = *local;
  return {};
}

Result<void> UdpSocket::send_to(std::string_view datagram, const Endpoint& peer) {
  for (;;) {
    const ssize_t sent =
        ::sendto(fd(), datagram.data(), datagram.size(), MSG_NOSIGNAL, peer.data(), peer.size());
    if (sent >= 0) break;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      // A full send buffer on a non-blocking socket: wait for room.
      if (detail::wait_fd(fd(), POLLOUT, Milliseconds(-1)) >= 0) continue;
    }
    return failure(errno, "send", &peer);
  }
  if (local_.empty() || local_.port() == 0) {
    if (auto local = local_endpoint()) local_ = *local;
  }
  return {};
}

Result<std::size_t> UdpSocket::recv_from(std::span<char> buffer, Endpoint& sender) {
  for (;;) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    const ssize_t received = ::recvfrom(fd(), buffer.data(), buffer.size(), 0,
                                        reinterpret_cast<sockaddr*>(&address), &length);
    if (received >= 0) {
      sender = Endpoint(reinterpret_cast<const sockaddr*>(&address), length);
      return static_cast<std::size_t>(received);
    }
    if (errno != EINTR) return failure(errno, "recv", &peer_);
  }
}

Result<Datagram> UdpSocket::recv_from(std::size_t max_bytes) {
  Datagram datagram;
  datagram.data.resize(max_bytes);
  auto received = recv_from(datagram.data, datagram.sender);
  if (!received) return received.error();
  datagram.data.resize(*received);
  return datagram;
}

Result<bool> UdpSocket::wait_readable(Milliseconds timeout) {
  const int revents = detail::wait_fd(fd(), POLLIN, timeout);
  if (revents < 0) return failure(errno, "poll", nullptr);
  return revents != 0;
}

Result<void> UdpSocket::close() {
  auto closed = fd_.close();
  if (!closed) return failure(closed.error().code().value(), "close", nullptr);
  return {};
}

}  // namespace tcpc
