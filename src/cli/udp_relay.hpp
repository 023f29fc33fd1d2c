// SPDX-License-Identifier: MIT
// The datagram counterpart of the TCP relay, for `-u HOST PORT` and
// `-u -l PORT`: input lines (or the one --send/--hex datagram, --repeat
// times) out, datagrams in. It takes the same parts the TCP relay takes
// from RelayDisplay (the outgoing transform, the incoming view or decoder,
// the observers for -o and the sent view), so --view, --time, -o and
// --encoding show and save datagrams exactly as they do TCP chunks: each
// datagram is one chunk.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "options.hpp"
#include "relay_display.hpp"
#include "tcpc/line_framer.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/udp.hpp"

namespace tcpc::cli {

struct DatagramTotals {
  std::uint64_t datagrams_sent = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t datagrams_received = 0;
  std::uint64_t bytes_received = 0;
  bool timed_out = false;  // ended by the idle timeout
  bool cancelled = false;  // ended by cancel_fd (Ctrl-C, SIGTERM)
};

// What the relay sends.
struct DatagramInput {
  int fd = -1;                         // each line of this (stdin, --file) is a datagram; -1: none
  std::optional<std::string> payload;  // or this one datagram (--send, --hex)
  std::uint64_t rounds = 1;            // --repeat: 0 until stopped
  Milliseconds interval{0};            // between rounds
  bool rewind = false;                 // fd is a file: read it from its start each round
};

class DatagramRelay {
 public:
  // `display` must outlive the relay.
  DatagramRelay(UdpSocket& socket, const Options& options, RelayDisplay& display);

  std::optional<Endpoint> peer;  // where input goes; -l: the latest sender
  DatagramInput input;
  Milliseconds idle_timeout{0};  // no datagram either way for this long ends it; 0: never
  // One-shot: stop once input is done and there is a reply per datagram sent.
  bool stop_when_answered = false;
  int cancel_fd = -1;  // readable: stop (StopSignals)

  Result<DatagramTotals> run();

 private:
  using Clock = std::chrono::steady_clock;

  bool finished(Clock::time_point now);
  int poll_timeout(Clock::time_point now) const;
  Result<void> start_round(Clock::time_point now);
  void end_round(Clock::time_point now);
  Result<bool> receive();
  Result<void> read_input(std::string& chunk);
  Result<void> send_frame(std::string_view frame, bool last);
  Result<void> send(std::string_view datagram);
  bool show(std::string_view bytes, const Endpoint& sender);
  bool write_out(std::string_view bytes);

  UdpSocket& socket_;
  const Options& options_;
  Transform* outgoing_ = nullptr;
  Transform* incoming_ = nullptr;
  RelayObserver* observer_ = nullptr;
  DatagramTotals totals_;
  LineFramer framer_;
  std::string datagram_;
  std::uint64_t rounds_done_ = 0;
  bool reading_ = false;     // the input's lines are being read this round
  bool input_done_ = false;  // every round is sent
  bool output_closed_ = false;
  std::optional<Clock::time_point> next_round_at_;
  std::optional<Clock::time_point> quit_at_;
  Clock::time_point last_activity_;
};

}  // namespace tcpc::cli
