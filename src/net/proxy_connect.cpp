// SPDX-License-Identifier: MIT
// Drives the handshake codecs (tcpc/proxy_handshake.hpp) over a socket:
// send a request, read exactly the reply the codec asks for, repeat.
#include <arpa/inet.h>

#include <cstdio>
#include <vector>

#include "tcpc/proxy.hpp"
#include "tcpc/proxy_handshake.hpp"

namespace tcpc {
namespace {

using proxy::Reply;
using proxy::Target;

// One handshake over a connected socket; `name` is the proxy as errors show it.
class Handshake {
 public:
  Handshake(Socket& socket, std::string name, std::string_view protocol, Milliseconds timeout)
      : socket_(socket), name_(std::move(name)), protocol_(protocol), timeout_(timeout) {}

  const std::string& name() const { return name_; }

  Result<void> send(std::string_view request) {
    auto sent = socket_.send_all(request);
    if (!sent) return Error(sent.error().code(), Operation::proxy, name_);
    return {};
  }

  // Reads one reply, as much as `parse` asks for; returns what it says last.
  template <class Parse>
  Result<Reply> read_reply(Parse parse) {
    std::vector<char> bytes;
    for (;;) {
      auto judged = parse(std::span<const char>(bytes));
      if (!judged || judged->missing == 0) return judged;
      const std::size_t have = bytes.size();
      bytes.resize(have + judged->missing);
      std::size_t filled = have;
      while (filled < bytes.size()) {
        auto received = receive(std::span<char>(bytes).subspan(filled));
        if (!received) return received.error();
        filled += *received;
      }
    }
  }

 private:
  Result<std::size_t> receive(std::span<char> into) {
    auto ready = socket_.wait_readable(timeout_.count() > 0 ? timeout_ : Milliseconds(-1));
    if (!ready) return Error(ready.error().code(), Operation::proxy, name_);
    if (!*ready) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", static_cast<double>(timeout_.count()) / 1000);
      return Error(std::make_error_code(std::errc::timed_out), Operation::proxy, name_,
                   Reason::no_reply, {seconds});
    }
    auto received = socket_.recv_some(into);
    if (!received) return Error(received.error().code(), Operation::proxy, name_);
    if (*received == 0) {
      return Error(errc::proxy_failure, Operation::proxy, name_, Reason::proxy_closed,
                   {std::string(protocol_)});
    }
    return *received;
  }

  Socket& socket_;
  std::string name_;
  std::string_view protocol_;
  Milliseconds timeout_;
};

// A request the codec could not build: the proxy is its subject.
Error about_proxy(const Error& error, const std::string& name) {
  return Error(error.code(), Operation::proxy, name, error.reason(), error.values());
}

Result<void> socks5(Handshake& talk, const Proxy& proxy, const Target& target) {
  const bool password = !proxy.username.empty();
  auto request = proxy::socks5_connect_request(target);
  if (!request) return about_proxy(request.error(), talk.name());
  if (auto sent = talk.send(proxy::socks5_greeting(password)); !sent) return sent;
  auto method = talk.read_reply([&](std::span<const char> bytes) {
    return proxy::socks5_method_reply(bytes, password, talk.name());
  });
  if (!method) return method.error();
  if (method->method == proxy::kUsernamePassword) {
    auto login = proxy::socks5_password_request(proxy.username, proxy.password);
    if (!login) return about_proxy(login.error(), talk.name());
    if (auto sent = talk.send(*login); !sent) return sent;
    auto accepted = talk.read_reply([&](std::span<const char> bytes) {
      return proxy::socks5_password_reply(bytes, proxy.username, talk.name());
    });
    if (!accepted) return accepted.error();
  }
  if (auto sent = talk.send(*request); !sent) return sent;
  auto granted = talk.read_reply([&](std::span<const char> bytes) {
    return proxy::socks5_connect_reply(bytes, target, talk.name());
  });
  if (!granted) return granted.error();
  return {};
}

Result<void> socks4(Handshake& talk, const Proxy& proxy, const Target& target) {
  auto request = proxy::socks4_connect_request(target, proxy.username);
  if (!request) return about_proxy(request.error(), talk.name());
  if (auto sent = talk.send(*request); !sent) return sent;
  auto granted = talk.read_reply([&](std::span<const char> bytes) {
    return proxy::socks4_connect_reply(bytes, target, talk.name());
  });
  if (!granted) return granted.error();
  return {};
}

Result<void> http_connect(Handshake& talk, const Proxy& proxy, const Target& target) {
  const bool credentials = !proxy.username.empty();
  auto sent = talk.send(proxy::http_connect_request(target, proxy.username, proxy.password));
  if (!sent) return sent;
  auto granted = talk.read_reply([&](std::span<const char> bytes) {
    return proxy::http_connect_reply(bytes, target, credentials, talk.name());
  });
  if (!granted) return granted.error();
  return {};
}

// SOCKS4 carries an IPv4 address: resolve the target here, as nc does.
Result<Target> socks4_target(const Proxy& proxy, std::string_view host, std::uint16_t port) {
  const Target asked{std::string(host), port};
  in6_addr ipv6{};
  if (::inet_pton(AF_INET6, asked.host.c_str(), &ipv6) == 1) {
    const std::string name =
        proxy::to_string({proxy.host, proxy.port != 0 ? proxy.port : std::uint16_t{1080}});
    return Error(errc::invalid_host, Operation::proxy, name, Reason::socks4_ipv4_only,
                 {proxy::to_string(asked)});
  }
  ResolveOptions options = proxy.resolve;
  options.family = Family::ipv4;
  auto addresses = resolve(host, port, options);
  if (!addresses) return addresses.error();
  return Target{addresses->front().host(), port};
}

// The first hop's failure, named as such; a bind failure stays a bind failure.
Error first_hop(const Error& error, const Endpoint& endpoint) {
  if (error.operation() != Operation::connect) return error;
  if (error.reason() != Reason::none) {
    return Error(error.code(), Operation::proxy_connect, endpoint.to_string(), error.reason(),
                 error.values());
  }
  return Error(error.code(), Operation::proxy_connect, endpoint.to_string(), error.detail());
}

}  // namespace

std::uint16_t default_port(ProxyProtocol protocol) noexcept {
  return protocol == ProxyProtocol::http_connect ? 3128 : 1080;
}

std::string_view to_string(ProxyProtocol protocol) noexcept {
  switch (protocol) {
    case ProxyProtocol::socks5:
      return "SOCKS5";
    case ProxyProtocol::socks4:
      return "SOCKS4";
    case ProxyProtocol::http_connect:
      return "HTTP CONNECT";
  }
  return "";
}

Result<Socket> connect(const Proxy& proxy, std::string_view host, std::uint16_t port,
                       const ConnectOptions& options) {
  // "[::1]" as users write IPv6 next to a port; the address is inside.
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  Target target{std::string(host), port};
  if (proxy.protocol == ProxyProtocol::socks4) {
    auto resolved = socks4_target(proxy, host, port);
    if (!resolved) return resolved.error();
    target = std::move(*resolved);
  }
  const std::uint16_t proxy_port = proxy.port != 0 ? proxy.port : default_port(proxy.protocol);
  auto endpoints = resolve(proxy.host, proxy_port, proxy.resolve);
  if (!endpoints) return endpoints.error();

  std::optional<Error> last;
  for (const Endpoint& endpoint : *endpoints) {
    auto socket = connect(endpoint, options);
    if (!socket) {
      last = first_hop(socket.error(), endpoint);
      continue;
    }
    // The proxy answered: its verdict is final, no other address is tried.
    Handshake talk(*socket, endpoint.to_string(), to_string(proxy.protocol), options.timeout);
    Result<void> tunnel = proxy.protocol == ProxyProtocol::socks5 ? socks5(talk, proxy, target)
                          : proxy.protocol == ProxyProtocol::socks4
                              ? socks4(talk, proxy, target)
                              : http_connect(talk, proxy, target);
    if (!tunnel) return tunnel.error();
    return socket;
  }
  if (!last) return Error(errc::no_address, Operation::proxy_connect, proxy.host);
  return *last;
}

}  // namespace tcpc
