// SPDX-License-Identifier: MIT
// nc -z: which TCP ports of one host accept a connection. The ports are
// checked at the same time with non-blocking connects (at most `parallel` at
// once), each given the connect timeout, and nothing is sent. Only the
// addresses of the one host given are ever contacted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/address.hpp"
#include "tcpc/result.hpp"
#include "tcpc/socket.hpp"

namespace tcpc {

// "22,80,8000-8100", service names ("http") and reversed ranges ("90-80", as
// nc allows) included; each port once, in the order first given. Errors say
// which item is wrong:
//   "invalid port list '22,abc': invalid port 'abc': must be from 1 to 65535 ..."
Result<std::vector<std::uint16_t>> parse_port_list(std::string_view text);

enum class PortState {
  open,     // the handshake completed
  closed,   // refused: the host answered with a reset
  timeout,  // no answer within the timeout (filtered, or the host is down)
  failed,   // anything else: unreachable network, no route, ...
};

std::string_view to_string(PortState state);  // "open", "closed", "timeout", "failed"

struct PortReport {
  std::uint16_t port = 0;
  PortState state = PortState::failed;
  Endpoint address;    // the address that answered, or the last one tried
  std::string reason;  // why it is not open ("Connection refused"); empty when open
};

struct ScanOptions {
  std::size_t parallel = 64;      // connects in flight at once (at least 1)
  Milliseconds timeout{10'000};   // per connect; zero waits as long as the system does
  std::optional<Endpoint> local;  // source address to bind first (nc -s); port 0
  SocketSettings settings;        // set on each socket before it connects (nc -T, -m...)
  // Called for each port in the order of `ports`, as soon as it and every
  // port before it are known, so output streams in a stable order.
  std::function<void(const PortReport&)> on_report;
};

// `addresses` are the addresses of one host (from resolve()); each port is
// tried on them in turn until one accepts, as nc does. Fails only when no
// check can be started at all (no descriptors left, bad source address).
Result<std::vector<PortReport>> scan_ports(const std::vector<Endpoint>& addresses,
                                           const std::vector<std::uint16_t>& ports,
                                           const ScanOptions& options = {});

}  // namespace tcpc
