// SPDX-License-Identifier: MIT
// UDP, the tutorial's contrast to TCP: no connection and no stream, just
// datagrams sent with sendto() and received with recvfrom(), each one whole,
// each one carrying its sender's address. Errors name the peer:
//   "recv from 127.0.0.1:9: Connection refused".
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/address.hpp"
#include "tcpc/fd.hpp"
#include "tcpc/result.hpp"
#include "tcpc/socket.hpp"

namespace tcpc {

// The largest UDP payload over IPv4 (65535 - 20 IP - 8 UDP header bytes).
inline constexpr std::size_t kMaxDatagram = 65507;

struct Datagram {
  std::string data;
  Endpoint sender;
};

class UdpSocket {
 public:
  UdpSocket() = default;

  // A client socket for `family` (AF_INET or AF_INET6), bound to `local`
  // first if given (nc -s / -p); otherwise the kernel picks the source
  // address and port at the first send.
  static Result<UdpSocket> open(int family, const std::optional<Endpoint>& local = {});
  // A server socket bound to the first address that works (nc -u -l). Port
  // 0 picks a free port; local() reads back the real one.
  static Result<UdpSocket> bind(const std::vector<Endpoint>& endpoints);

  int fd() const noexcept { return fd_.get(); }
  bool is_open() const noexcept { return fd_.valid(); }
  // The bound address ("0.0.0.0:0" style until the first send for clients).
  Result<Endpoint> local_endpoint() const;

  // Fixes the peer: only its datagrams are received, and an ICMP "port
  // unreachable" comes back as ECONNREFUSED from the next call, so a client
  // learns that nobody listens. send_to() and recv_from() still work.
  Result<void> connect(const Endpoint& peer);
  const Endpoint& peer() const noexcept { return peer_; }

  // One datagram to `peer`; the whole of `datagram` or an error
  // (EMSGSIZE above kMaxDatagram). Never raises SIGPIPE.
  Result<void> send_to(std::string_view datagram, const Endpoint& peer);
  // One datagram into `buffer` (cut to its size); `sender` is set to who
  // sent it. An empty datagram is valid and returns 0.
  Result<std::size_t> recv_from(std::span<char> buffer, Endpoint& sender);
  // The same, into a new string of up to max_bytes.
  Result<Datagram> recv_from(std::size_t max_bytes = kMaxDatagram);
  // Waits until a datagram (or an error) is ready; false on timeout.
  Result<bool> wait_readable(Milliseconds timeout);

  Result<void> close();

 private:
  UdpSocket(Fd fd, Endpoint local) : fd_(std::move(fd)), local_(local) {}
  Error failure(int errnum, std::string_view operation, const Endpoint* peer) const;

  Fd fd_;
  Endpoint local_;
  Endpoint peer_;
};

}  // namespace tcpc
