// SPDX-License-Identifier: MIT
#include "server/rule_reply.hpp"

#include <vector>

namespace tcpc::detail {

RuleReply::RuleReply(const ServerOptions& options, ClientInfo client)
    : options_(options), client_(client) {
  if (options.frame) framer_.emplace(*options.frame);
}

void RuleReply::on_data(std::string_view bytes, ByteBuffer& outbox) {
  if (!framer_) {
    answer(bytes);
  } else {
    std::vector<Frame> frames;
    framer_->feed(bytes, frames);
    for (const Frame& frame : frames)
      answer(frame.bytes);
    if (framer_->spec().kind == FrameSpec::Kind::idle && framer_->held() > 0) {
      idle_due_ = Clock::now() + framer_->spec().idle;
    }
  }
  refill(outbox);
}

void RuleReply::refill(ByteBuffer& outbox) {
  const Clock::time_point now = Clock::now();
  if (idle_due_ && *idle_due_ <= now) {
    idle_due_.reset();
    std::vector<Frame> frames;
    framer_->idle(frames);
    for (const Frame& frame : frames)
      answer(frame.bytes);
  }
  // In order: a reply waits for those before it, and for room in the outbox
  // (a client that does not read gets no more than the outbox holds).
  while (!pending_.empty() && pending_.front().due <= now && !outbox.full()) {
    outbox.append(pending_.front().bytes);
    pending_.pop_front();
  }
}

std::optional<std::chrono::steady_clock::time_point> RuleReply::due() const {
  std::optional<Clock::time_point> soonest = idle_due_;
  if (!pending_.empty() && (!soonest || pending_.front().due < *soonest)) {
    soonest = pending_.front().due;
  }
  return soonest;
}

void RuleReply::answer(std::string_view frame) {
  MacroContext context;
  context.seq = seq_ + 1;
  auto fired = tcpc::answer(*options_.rules, frame, context);
  ServerEvent event;
  event.client = client_.id;
  if (client_.peer) event.peer = *client_.peer;
  event.bytes = frame.size();
  if (!fired) {
    event.kind = ServerEvent::Kind::failed;
    event.error = fired.error();
    return report(std::move(event));
  }
  if (!*fired) {
    event.kind = ServerEvent::Kind::no_rule;
    return report(std::move(event));
  }
  ++seq_;
  const FiredRule& rule = **fired;
  event.kind = ServerEvent::Kind::rule_fired;
  event.rule = rule.index + 1;
  event.rule_text = options_.rules->rules[rule.index].text;
  event.bytes = rule.reply.size();
  event.delay = rule.delay;
  report(event);
  if (!rule.reply.empty()) pending_.push_back({Clock::now() + rule.delay, rule.reply});
}

void RuleReply::report(ServerEvent event) const {
  if (options_.on_event) options_.on_event(event);
  if (options_.log) options_.log(describe(event));
}

}  // namespace tcpc::detail
