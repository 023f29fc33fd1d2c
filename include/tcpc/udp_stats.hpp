// SPDX-License-Identifier: MIT
// What a UDP run did (--stats with -u). UDP has no connection and the
// kernel keeps no TCP_INFO for it: no round-trip time, no acknowledgement,
// no retransmission; a datagram that is lost is simply gone. So the report
// is what tcpc counts itself: datagrams and bytes each way, and the time.
// Rendered as text and as JSON ("type": "datagrams", docs/stats.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tcpc/address.hpp"
#include "tcpc/stats.hpp"

namespace tcpc {

struct DatagramReport {
  Role role = Role::client;  // client: -u HOST PORT; server: -u -l
  Endpoint local;
  // Client: the server. -u -l: the latest sender; --mode: empty (many senders).
  Endpoint peer;
  std::optional<Microseconds> resolve_time;  // client: getaddrinfo
  Microseconds duration{0};                  // from the socket's opening to the end
  std::uint64_t datagrams_sent = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t datagrams_received = 0;
  std::uint64_t bytes_received = 0;
  std::optional<std::uint64_t> senders;  // server: distinct senders numbered
};

// The report as text lines for a person, as format_report() does for TCP.
std::vector<std::string> format_datagram_report(const DatagramReport& report);
// The report as one line of JSON.
std::string datagram_report_json(const DatagramReport& report);

}  // namespace tcpc
