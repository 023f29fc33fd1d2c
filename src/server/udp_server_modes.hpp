// SPDX-License-Identifier: MIT
// Internal: what each UDP server mode answers to one datagram. The TCP
// server's modes (server_modes.hpp) fill a client's outbox; a datagram has
// no connection to fill, so a mode here returns the answer for its sender,
// produced one datagram at a time: a large source answer never sits in
// memory whole.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "tcpc/udp_server.hpp"

namespace tcpc::detail {

// What is still to be sent to one sender.
class DatagramAnswer {
 public:
  virtual ~DatagramAnswer() = default;
  // The next datagram into `out` (replacing what is there); false when
  // nothing is left.
  virtual bool next(std::string& out) = 0;
};

class DatagramMode {
 public:
  virtual ~DatagramMode() = default;
  // A datagram arrived: what goes back to its sender (null: nothing).
  virtual std::unique_ptr<DatagramAnswer> answer(std::string_view datagram) = 0;
};

// The behaviour for options.mode, shared by every sender.
std::unique_ptr<DatagramMode> make_datagram_mode(const UdpServerOptions& options);

}  // namespace tcpc::detail
