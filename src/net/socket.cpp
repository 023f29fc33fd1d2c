// SPDX-License-Identifier: MIT
#include "tcpc/socket.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "core/wait.hpp"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0  // macOS: SO_NOSIGPIPE is set on the socket instead
#endif

namespace tcpc {

Error Socket::failure(int errnum, std::string_view operation) const {
  const std::string peer = peer_.empty() ? std::string() : peer_.to_string();
  if (operation == "recv") return system_error(errnum, Operation::receive, peer);
  if (operation == "send") return system_error(errnum, Operation::send, peer);
  if (operation == "close") return system_error(errnum, Operation::close, peer);
  return system_error(errnum, Operation::system_call, std::string(operation));
}

Result<Endpoint> Socket::local_endpoint() const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return failure(errno, "getsockname");
  }
  return Endpoint(reinterpret_cast<const sockaddr*>(&address), length);
}

Result<std::size_t> Socket::send_some(std::string_view data) {
  for (;;) {
    const ssize_t sent = ::send(fd(), data.data(), data.size(), MSG_NOSIGNAL);
    if (sent >= 0) return static_cast<std::size_t>(sent);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return std::size_t{0};
    return failure(errno, "send");
  }
}

Result<void> Socket::send_all(std::string_view data) {
  while (!data.empty()) {
    auto sent = send_some(data);
    if (!sent) return sent.error();
    if (*sent == 0 && detail::wait_fd(fd(), POLLOUT, Milliseconds(-1)) < 0) {
      return failure(errno, "send");
    }
    data.remove_prefix(*sent);
  }
  return {};
}

Result<std::size_t> Socket::recv_some(std::span<char> buffer) {
  for (;;) {
    const ssize_t received = ::recv(fd(), buffer.data(), buffer.size(), 0);
    if (received >= 0) return static_cast<std::size_t>(received);
    if (errno != EINTR) return failure(errno, "recv");
  }
}

Result<std::string> Socket::recv(std::size_t max_bytes) {
  std::string data(max_bytes, '\0');
  auto received = recv_some(data);
  if (!received) return received.error();
  data.resize(*received);
  return data;
}

Result<bool> Socket::wait_readable(Milliseconds timeout) {
  const int revents = detail::wait_fd(fd(), POLLIN, timeout);
  if (revents < 0) return failure(errno, "poll");
  return revents != 0;
}

Result<void> Socket::shutdown_write() {
  if (::shutdown(fd(), SHUT_WR) != 0) return failure(errno, "shutdown");
  return {};
}

Result<void> Socket::close() {
  auto closed = fd_.close();
  if (!closed) return failure(closed.error().code().value(), "close");
  return {};
}

namespace {
Result<void> set_option(const Socket& socket, int level, int name, bool on, const char* what) {
  const int value = on ? 1 : 0;
  if (::setsockopt(socket.fd(), level, name, &value, sizeof value) != 0) {
    return system_error(errno, Operation::system_call, std::string("setsockopt ") + what);
  }
  return {};
}
}  // namespace

Result<void> Socket::set_nodelay(bool on) {
  return set_option(*this, IPPROTO_TCP, TCP_NODELAY, on, "TCP_NODELAY");
}

Result<void> Socket::set_keepalive(bool on) {
  return set_option(*this, SOL_SOCKET, SO_KEEPALIVE, on, "SO_KEEPALIVE");
}

Result<void> Socket::set_nonblocking(bool on) {
  return tcpc::set_nonblocking(fd(), on);
}

Result<Socket> connect(const Endpoint& endpoint, const ConnectOptions& options) {
  const std::string peer = endpoint.to_string();
  Fd fd(::socket(endpoint.family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return system_error(errno, Operation::connect, peer);
#ifdef SO_NOSIGPIPE
  const int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
  if (auto set = apply(fd.get(), options.settings); !set) return set.error();
  if (options.local) {
    const int one_reuse = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one_reuse, sizeof one_reuse);
    const Endpoint local = source_for(*options.local, endpoint);
    if (::bind(fd.get(), local.data(), local.size()) != 0) {
      return system_error(errno, Operation::bind, local.to_string());
    }
  }

  // Non-blocking connect so the timeout is ours, not the kernel's ~2 minutes.
  if (auto nb = set_nonblocking(fd.get(), true); !nb) return nb.error();
  if (::connect(fd.get(), endpoint.data(), endpoint.size()) != 0) {
    if (errno != EINPROGRESS && errno != EINTR)
      return system_error(errno, Operation::connect, peer);
    const auto timeout = options.timeout.count() > 0 ? options.timeout : Milliseconds(-1);
    const int revents = detail::wait_fd(fd.get(), POLLOUT, timeout);
    if (revents < 0) return system_error(errno, Operation::connect, peer);
    if (revents == 0) {
      const double seconds = static_cast<double>(options.timeout.count()) / 1000.0;
      char text[32];
      std::snprintf(text, sizeof text, "%g", seconds);
      return Error(std::make_error_code(std::errc::timed_out), Operation::connect, peer,
                   Reason::timed_out, {text});
    }
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    if (error != 0) return system_error(error, Operation::connect, peer);
  }
  if (auto nb = set_nonblocking(fd.get(), false); !nb) return nb.error();
  return Socket(std::move(fd), endpoint);
}

Result<Socket> connect(const std::vector<Endpoint>& endpoints, const ConnectOptions& options) {
  if (endpoints.empty()) return Error(errc::no_address, Operation::connect);
  std::optional<Error> last;
  for (const Endpoint& endpoint : endpoints) {
    auto socket = connect(endpoint, options);
    if (socket) return socket;
    last = socket.error();
  }
  return *last;
}

}  // namespace tcpc
