// SPDX-License-Identifier: MIT
#include "script_runner.hpp"

#include <poll.h>

#include <array>
#include <cerrno>

#include "tcpc/checksum.hpp"
#include "tcpc/deadline.hpp"

namespace tcpc::cli {
namespace {

constexpr std::size_t kMaxHeld = 1024 * 1024;

}  // namespace

ScriptRunner::ScriptRunner(Socket& socket, int cancel_fd,
                           std::function<void(const StepReport&)> report,
                           std::function<bool()> is_stop)
    : socket_(socket),
      cancel_fd_(cancel_fd),
      report_(std::move(report)),
      is_stop_(std::move(is_stop)) {}

Result<ScriptOutcome> ScriptRunner::run(const Script& script) {
  start_ = Clock::now();
  ScriptOutcome outcome;
  if (auto ran = run_steps(script.steps, outcome); !ran) return ran.error();
  return outcome;
}

StepReport ScriptRunner::report_for(const ScriptStep& step) const {
  StepReport report;
  report.step = &step;
  report.at = Clock::now() - start_;
  return report;
}

Result<void> ScriptRunner::run_steps(const std::vector<ScriptStep>& steps, ScriptOutcome& outcome) {
  for (const ScriptStep& step : steps) {
    Result<void> done;
    switch (step.kind) {
      case ScriptStep::Kind::send:
        done = send(step);
        break;
      case ScriptStep::Kind::expect:
        done = expect(step, outcome);
        break;
      case ScriptStep::Kind::sleep:
        done = sleep(step.duration, outcome);
        if (done && !outcome.cancelled) report_(report_for(step));
        break;
      case ScriptStep::Kind::timeout:
        timeout_ = step.duration;
        report_(report_for(step));
        break;
      case ScriptStep::Kind::print: {
        MacroContext context;
        context.seq = seq_;
        context.captures = &captures_;
        auto text = expand(step.data, context);
        if (!text) return text.error();
        StepReport report = report_for(step);
        report.data = std::move(*text);
        report_(report);
        break;
      }
      case ScriptStep::Kind::repeat:
        done = repeat(step, outcome);
        break;
    }
    if (!done) return done;
    if (outcome.failure || outcome.cancelled) return {};
  }
  return {};
}

Result<void> ScriptRunner::send(const ScriptStep& step) {
  MacroContext context;
  context.seq = ++seq_;
  context.captures = &captures_;
  auto bytes = expand(step.data, context);
  if (!bytes) return bytes.error();
  // append SPEC...: each checksum covers what is before it (checked at load).
  for (const std::string& spec : step.append) {
    auto specs = parse_checksum_specs(spec);
    if (!specs) return specs.error();
    *bytes = append_checksums(*specs, *bytes);
  }
  if (auto sent = socket_.send_all(*bytes); !sent) return sent;
  StepReport report = report_for(step);
  report.data = std::move(*bytes);
  report_(report);
  return {};
}

Result<void> ScriptRunner::expect(const ScriptStep& step, ScriptOutcome& outcome) {
  const auto began = Clock::now();
  const auto limit = step.within.value_or(timeout_);
  const auto deadline = began + limit;
  for (;;) {
    if (auto match = find_match(*step.pattern, received_)) {
      StepReport report = report_for(step);
      report.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - began);
      report.data = match->captures.at(0);
      // The names take the groups in order; without groups, the whole match.
      for (std::size_t i = 0; i < step.captures.size(); ++i) {
        const std::size_t group = match->captures.size() > 1 ? i + 1 : 0;
        const std::string value = group < match->captures.size() ? match->captures[group] : "";
        captures_[step.captures[i]] = value;
        report.captures[step.captures[i]] = value;
      }
      received_.erase(0, match->end);
      report_(report);
      return {};
    }
    if (peer_closed_ || Clock::now() >= deadline) {
      ScriptFailure failure;
      failure.step = &step;
      failure.why = peer_closed_ ? ScriptFailure::Why::closed : ScriptFailure::Why::timed_out;
      failure.waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - began);
      failure.received = received_;
      outcome.failure = std::move(failure);
      return {};
    }
    auto more = receive_until(deadline, outcome);
    if (!more) return more.error();
    if (outcome.cancelled) return {};
  }
}

Result<void> ScriptRunner::repeat(const ScriptStep& step, ScriptOutcome& outcome) {
  for (std::uint64_t round = 1; round <= step.count; ++round) {
    StepReport report = report_for(step);
    report.round = round;
    report_(report);
    if (auto ran = run_steps(step.body, outcome); !ran) return ran;
    if (outcome.failure || outcome.cancelled) return {};
    if (!step.pattern) continue;
    // repeat until: what has arrived so far, without waiting for more.
    for (;;) {
      auto more = receive_until(Clock::now(), outcome);
      if (!more) return more.error();
      if (!*more) break;
    }
    if (outcome.cancelled) return {};
    if (auto match = find_match(*step.pattern, received_)) {
      received_.erase(0, match->end);
      return {};
    }
  }
  if (!step.pattern) return {};
  ScriptFailure failure;
  failure.step = &step;
  failure.why = ScriptFailure::Why::rounds_used;
  failure.received = received_;
  outcome.failure = std::move(failure);
  return {};
}

Result<void> ScriptRunner::sleep(std::chrono::milliseconds duration, ScriptOutcome& outcome) {
  // Reads meanwhile, so a chatty peer never fills its window while we sleep.
  const auto deadline = Clock::now() + duration;
  while (Clock::now() < deadline && !outcome.cancelled) {
    auto more = receive_until(deadline, outcome);
    if (!more) return more.error();
    if (!*more && peer_closed_) {
      // The peer is gone: only a stop can cut the sleep short.
      for (;;) {
        std::array<pollfd, 1> stop{{{cancel_fd_, POLLIN, 0}}};
        const int n = ::poll(stop.data(), cancel_fd_ >= 0 ? 1 : 0, poll_timeout_until(deadline));
        if (n < 0 && errno == EINTR) continue;
        if (n > 0 && !stop_requested()) continue;
        if (n > 0) outcome.cancelled = true;
        break;
      }
      break;
    }
  }
  return {};
}

Result<bool> ScriptRunner::receive_until(Clock::time_point deadline, ScriptOutcome& outcome) {
  if (peer_closed_) return false;
  for (;;) {
    std::array<pollfd, 2> fds{{{socket_.fd(), POLLIN, 0}, {cancel_fd_, POLLIN, 0}}};
    const nfds_t count = cancel_fd_ >= 0 ? 2 : 1;
    const int n = ::poll(fds.data(), count, poll_timeout_until(deadline));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return system_error(errno, Operation::system_call, "poll");
    if (n == 0) return false;
    if (count == 2 && fds[1].revents != 0) {
      if (!stop_requested()) continue;
      outcome.cancelled = true;
      return false;
    }
    std::array<char, 16 * 1024> buffer;
    auto got = socket_.recv_some(buffer);
    if (!got) return got.error();
    if (*got == 0) {
      peer_closed_ = true;
      return false;
    }
    bytes_received_ += *got;
    ++reads_;
    received_.append(buffer.data(), *got);
    // What no expect took is kept to a bound: the newest bytes matter most.
    if (received_.size() > kMaxHeld) received_.erase(0, received_.size() - kMaxHeld);
    return true;
  }
}

}  // namespace tcpc::cli
