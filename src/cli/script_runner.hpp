// SPDX-License-Identifier: MIT
// Runs a parsed script (tcpc/script.hpp) over one connected socket: sends,
// waits for what each expect asks within its time, keeps captures, and
// reports every step as it ends. Stops at the first expectation not met.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "tcpc/result.hpp"
#include "tcpc/script.hpp"
#include "tcpc/socket.hpp"

namespace tcpc::cli {

// One step done (or failed), for the report.
struct StepReport {
  const ScriptStep* step = nullptr;
  std::chrono::duration<double> at{};  // since the script started, when the step ended
  std::chrono::milliseconds took{0};   // expect: how long it waited
  std::string data;                    // send: the bytes sent; expect: the match; print: the text
  std::uint64_t round = 0;             // repeat: which round starts (1-based)
  std::map<std::string, std::string> captures;  // expect: what it captured
};

// Why the script stopped short.
struct ScriptFailure {
  enum class Why { timed_out, closed, rounds_used };
  const ScriptStep* step = nullptr;
  Why why = Why::timed_out;
  std::chrono::milliseconds waited{0};
  std::string received;  // what had arrived and was not matched
};

struct ScriptOutcome {
  std::optional<ScriptFailure> failure;  // none: every expectation was met
  bool cancelled = false;                // the stop signal came
};

class ScriptRunner {
 public:
  // `cancel_fd` readable stops the run (Ctrl-C); -1: none. With
  // `is_stop`, a readable `cancel_fd` is asked first: the session's signal
  // pipe also carries SIGWINCH, which is handled there and does not stop.
  ScriptRunner(Socket& socket, int cancel_fd, std::function<void(const StepReport&)> report,
               std::function<bool()> is_stop = {});
  Result<ScriptOutcome> run(const Script& script);
  // Bytes read from the socket so far (the session's /stats counts them).
  std::uint64_t bytes_received() const noexcept { return bytes_received_; }
  std::uint64_t reads() const noexcept { return reads_; }  // recv() calls that returned data

 private:
  using Clock = std::chrono::steady_clock;
  Result<void> run_steps(const std::vector<ScriptStep>& steps, ScriptOutcome& outcome);
  Result<void> send(const ScriptStep& step);
  Result<void> expect(const ScriptStep& step, ScriptOutcome& outcome);
  Result<void> repeat(const ScriptStep& step, ScriptOutcome& outcome);
  Result<void> sleep(std::chrono::milliseconds duration, ScriptOutcome& outcome);
  // Reads what arrives until `deadline`: false on timeout, the peer's end or a stop.
  Result<bool> receive_until(Clock::time_point deadline, ScriptOutcome& outcome);
  StepReport report_for(const ScriptStep& step) const;
  bool stop_requested() const { return !is_stop_ || is_stop_(); }

  Socket& socket_;
  int cancel_fd_;
  std::function<void(const StepReport&)> report_;
  std::function<bool()> is_stop_;
  Clock::time_point start_;
  std::string received_;  // arrived and not yet matched
  bool peer_closed_ = false;
  std::map<std::string, std::string> captures_;
  std::uint64_t bytes_received_ = 0;
  std::uint64_t reads_ = 0;
  std::uint64_t seq_ = 0;  // sends so far ({seq})
  std::chrono::milliseconds timeout_ = kDefaultExpectTimeout;
};

}  // namespace tcpc::cli
