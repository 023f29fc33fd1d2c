// SPDX-License-Identifier: MIT
// Internal: what the server modes other than echo do with one client. Echo
// keeps the server's own path (received bytes go straight back from the
// buffer they were read into); the others read into scratch space and then
// ask their behaviour what, if anything, to send.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "byte_buffer.hpp"
#include "tcpc/server.hpp"

namespace tcpc::detail {

class ModeBehaviour {
 public:
  virtual ~ModeBehaviour() = default;
  // A chunk arrived from the client; queue any answer in `outbox`.
  virtual void on_data(std::string_view /*bytes*/, ByteBuffer& /*outbox*/) {}
  // Called whenever the outbox is below its capacity: queue more if the mode
  // has more of its own to send (source).
  virtual void refill(ByteBuffer& /*outbox*/) {}
  // True once the mode has queued everything it will ever send on its own.
  virtual bool done_sending() const { return true; }
  // Half-close once everything is sent (source: the client sees the end).
  virtual bool half_close_when_done() const { return false; }
};

// The behaviour for options.mode; never called for echo.
std::unique_ptr<ModeBehaviour> make_behaviour(const ServerOptions& options);

}  // namespace tcpc::detail
