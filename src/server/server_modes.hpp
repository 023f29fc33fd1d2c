// SPDX-License-Identifier: MIT
// Internal: what each server mode does with one client, whatever carries the
// bytes (plain TCP or TLS; server_client.hpp moves them). A mode only sees
// what arrived and queues what to send in the client's outbox.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "core/byte_buffer.hpp"
#include "tcpc/server.hpp"

namespace tcpc::detail {

class ClientMode {
 public:
  virtual ~ClientMode() = default;
  // Echo answers with the received bytes themselves: they are read straight
  // into the outbox (no copy, and splice() on plain sockets), and on_data()
  // is not called.
  virtual bool echoes() const { return false; }
  // A chunk arrived from the client; queue any answer in `outbox`.
  virtual void on_data(std::string_view /*bytes*/, ByteBuffer& /*outbox*/) {}
  // Called whenever the outbox is below its capacity: queue more if the mode
  // has more of its own to send (source).
  virtual void refill(ByteBuffer& /*outbox*/) {}
  // True once the mode has queued everything it will ever send on its own.
  virtual bool done_sending() const { return true; }
  // Half-close once everything is sent (source: the client sees the end).
  virtual bool half_close_when_done() const { return false; }
  // When refill() has something to do that no socket event will announce
  // (a delayed reply, an idle frame's end); unset: nothing.
  virtual std::optional<std::chrono::steady_clock::time_point> due() const { return std::nullopt; }
};

// What a mode may need to know about its client (reply by rule logs it).
struct ClientInfo {
  std::uint64_t id = 0;
  const Endpoint* peer = nullptr;
};

// The behaviour for options.mode, one per client.
std::unique_ptr<ClientMode> make_client_mode(const ServerOptions& options, ClientInfo client = {});

}  // namespace tcpc::detail
