// SPDX-License-Identifier: MIT
#include "tcpc/listener.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <string>

namespace tcpc {
namespace {

// A Unix socket file left behind by a server that is gone (nc -lU leaves its
// path, and so do we). Only a socket that refuses connections is removed:
// never a regular file, never a live server's socket.
bool remove_stale_unix_socket(const Endpoint& endpoint) {
  const std::string path = endpoint.host();
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0 || !S_ISSOCK(info.st_mode)) return false;
  // Non-blocking: a live server with a full backlog answers EAGAIN, not a wait.
  Fd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!probe || ::connect(probe.get(), endpoint.data(), endpoint.size()) == 0) return false;
  return errno == ECONNREFUSED && ::unlink(path.c_str()) == 0;
}

Result<Fd> bind_one(const Endpoint& endpoint, const ListenOptions& options) {
  const std::string address = endpoint.to_string();
  Fd fd(::socket(endpoint.family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return system_error(errno, Operation::listen, address);
  const int one = 1;
  if (options.reuse_address) ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (endpoint.family() == AF_INET6) {
    // "::" should mean IPv6 only, so an IPv4 listener on the same port can coexist.
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  }
  int bound = ::bind(fd.get(), endpoint.data(), endpoint.size());
  if (bound != 0 && errno == EADDRINUSE && endpoint.family() == AF_UNIX &&
      remove_stale_unix_socket(endpoint)) {
    bound = ::bind(fd.get(), endpoint.data(), endpoint.size());
  }
  if (bound != 0) return system_error(errno, Operation::listen, address);
  if (::listen(fd.get(), options.backlog) != 0)
    return system_error(errno, Operation::listen, address);
  return fd;
}

}  // namespace

Result<Listener> Listener::bind(const std::vector<Endpoint>& endpoints,
                                const ListenOptions& options) {
  if (endpoints.empty()) return Error(errc::no_address, Operation::listen);
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
      return system_error(errno, Operation::listen, endpoint.to_string());
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
    if (fd >= 0) {
      Endpoint peer(reinterpret_cast<const sockaddr*>(&address), length);
      // Unix clients are usually unnamed: name the connection by our path.
      if (peer.family() == AF_UNIX && peer.host().empty()) peer = local_;
      return Socket(Fd(fd), peer);
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Socket();
    return system_error(errno, Operation::accept, local_.to_string());
  }
}

}  // namespace tcpc
