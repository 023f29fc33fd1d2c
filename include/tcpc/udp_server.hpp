// SPDX-License-Identifier: MIT
// The UDP side of the debugging assistant's server (`tcpc -u -l --mode`):
// the TCP server's modes, per datagram, for everyone who sends one. There
// are no connections, so a "client" is a sender: the address a datagram
// came from. Senders are numbered in order of their first datagram, as the
// TCP server numbers its clients:
//   echo     sends every datagram back to its sender
//   reply    answers every datagram with UdpServerOptions::reply
//   discard  receives and counts, sends nothing
//   print    like discard; on_data shows each datagram
//   source   answers every datagram with source_bytes bytes of
//            source_pattern() (from offset 0), cut into datagrams of at
//            most kSourceDatagram bytes
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tcpc/address_set.hpp"
#include "tcpc/result.hpp"
#include "tcpc/server.hpp"
#include "tcpc/udp.hpp"

namespace tcpc {

// Source mode's datagram size: below the 1500-byte Ethernet MTU less the IP
// and UDP headers, so no datagram is fragmented on a typical path.
inline constexpr std::size_t kSourceDatagram = 1024;

// One datagram received, for UdpServerOptions::on_data.
struct SenderData {
  std::uint64_t sender;  // 1, 2, ... in order of the first datagram ("#2" in the log)
  const Endpoint& peer;
  std::string_view bytes;
};

// One entry of the UDP server's log, as data (see ServerEvent); describe()
// gives the English line that UdpServerOptions::log receives.
struct UdpServerEvent {
  enum class Kind {
    first_datagram,  // sender #`sender` is `peer`
    datagram,        // `bytes` bytes from sender #`sender`, dealt with as `mode` says
    failed,          // receiving or answering failed (`error`); the server goes on
    denied,          // `bytes` bytes from `peer`, whom `access` does not admit: dropped
  };
  Kind kind = Kind::first_datagram;
  std::uint64_t sender = 0;
  Endpoint peer;
  std::size_t bytes = 0;
  ServerMode mode = ServerMode::echo;
  std::uint64_t source_bytes = 0;  // source mode: the answer's size
  std::optional<Error> error;
};

// "#1 first datagram from 127.0.0.1:40000", "#1 5 bytes from 127.0.0.1:40000 echoed"
std::string describe(const UdpServerEvent& event);

struct UdpServerOptions {
  ServerMode mode = ServerMode::echo;
  // Return once the first datagram is answered (source: all of its bytes sent).
  bool once = false;
  // Who may send (--allow, --deny): a datagram from anyone else is dropped
  // unanswered and unnumbered, and logged (Kind::denied).
  AccessPolicy access;
  std::string reply;               // reply: the answer to every datagram
  std::uint64_t source_bytes = 0;  // source: bytes each datagram asks for
  // Receives one line per new sender ("#1 datagrams from 127.0.0.1:40000")
  // and per failure to send; with log_datagrams also one per datagram
  // ("#1 5 bytes from 127.0.0.1:40000 echoed").
  std::function<void(std::string_view)> log;
  std::function<void(const UdpServerEvent&)> on_event;  // the same entries, as data
  bool log_datagrams = false;
  // Every datagram received, in every mode (print shows them).
  std::function<void(const SenderData&)> on_data;
  // Readable means stop (e.g. a self-pipe written by a SIGTERM handler):
  // answers still queued are dropped and run() returns. -1: none.
  int cancel_fd = -1;
};

struct UdpServerTotals {
  std::uint64_t senders = 0;  // distinct senders numbered
  std::uint64_t datagrams_received = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t datagrams_sent = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t datagrams_denied = 0;  // dropped: from senders `access` does not admit
};

class UdpServer {
 public:
  static Result<UdpServer> create(UdpSocket socket, UdpServerOptions options = {});
  UdpServer(UdpServer&&) noexcept;
  UdpServer& operator=(UdpServer&&) noexcept;
  ~UdpServer();

  const UdpSocket& socket() const noexcept;

  // Serves until stop() or cancel_fd (or, with `once`, the first answer).
  // A datagram that cannot be answered is logged and skipped: one sender's
  // trouble does not end the server.
  Result<UdpServerTotals> run();
  // Safe from another thread and from a signal handler.
  void stop() noexcept;

 private:
  struct State;
  explicit UdpServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace tcpc
