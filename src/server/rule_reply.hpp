// SPDX-License-Identifier: MIT
// Internal: reply mode by rule. What arrives is cut into frames (or taken
// chunk by chunk), each frame answered by the first rule that matches, and
// the answers go out in order, each once its delay has passed.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "server/server_modes.hpp"
#include "tcpc/framer.hpp"
#include "tcpc/reply_rules.hpp"

namespace tcpc::detail {

class RuleReply final : public ClientMode {
 public:
  RuleReply(const ServerOptions& options, ClientInfo client);
  void on_data(std::string_view bytes, ByteBuffer& outbox) override;
  void refill(ByteBuffer& outbox) override;
  bool done_sending() const override { return pending_.empty(); }
  std::optional<std::chrono::steady_clock::time_point> due() const override;

 private:
  using Clock = std::chrono::steady_clock;
  struct Pending {
    Clock::time_point due;
    std::string bytes;
  };
  void answer(std::string_view frame);
  void report(ServerEvent event) const;

  const ServerOptions& options_;
  ClientInfo client_;
  std::optional<Framer> framer_;
  std::optional<Clock::time_point> idle_due_;  // idle:MS: when what is held becomes a frame
  std::uint64_t seq_ = 0;                      // {seq}: replies so far
  std::deque<Pending> pending_;
};

}  // namespace tcpc::detail
