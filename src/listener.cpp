// SPDX-License-Identifier: MIT
#include "tcpc/listener.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <optional>

namespace tcpc {
namespace {

Result<Fd> bind_one(const Endpoint& endpoint, const ListenOptions& options) {
  const std::string context = "listen on " + endpoint.to_string();
  Fd fd(::socket(endpoint.family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return system_error(errno, context);
  const int one = 1;
  if (options.reuse_address) ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (endpoint.family() == AF_INET6) {
    // "::" should mean IPv6 only, so an IPv4 listener on the same port can coexist.
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  }
  if (::bind(fd.get(), endpoint.data(), endpoint.size()) != 0) return system_error(errno, context);
  if (::listen(fd.get(), options.backlog) != 0) return system_error(errno, context);
  return fd;
}

}  // namespace

Result<Listener> Listener::bind(const std::vector<Endpoint>& endpoints,
                                const ListenOptions& options) {
  if (endpoints.empty()) return Error(errc::no_address, "listen");
  std::optional<Error> last;
  for (const Endpoint& endpoint : endpoints) {
    auto fd = bind_one(endpoint, options);
    if (!fd) {
      last = fd.error();
      continue;
    }
    // Read back the real address: port 0 became a free port.
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd->get(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      return system_error(errno, "listen on " + endpoint.to_string());
    }
    return Listener(std::move(*fd), Endpoint(reinterpret_cast<const sockaddr*>(&address), length));
  }
  return *last;
}

Result<Listener> Listener::bind(std::string_view host, std::uint16_t port, Family family,
                                const ListenOptions& options) {
  ResolveOptions resolve_options;
  resolve_options.family = family;
  resolve_options.passive = true;
  auto endpoints = resolve(host, port, resolve_options);
  if (!endpoints) return endpoints.error();
  return bind(*endpoints, options);
}

Result<Socket> Listener::accept() {
  for (;;) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    const int fd =
        ::accept4(fd_.get(), reinterpret_cast<sockaddr*>(&address), &length, SOCK_CLOEXEC);
    if (fd >= 0)
      return Socket(Fd(fd), Endpoint(reinterpret_cast<const sockaddr*>(&address), length));
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Socket();
    return system_error(errno, "accept on " + local_.to_string());
  }
}

}  // namespace tcpc
