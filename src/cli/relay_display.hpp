// SPDX-License-Identifier: MIT
// The display options (--encoding, --view, --time, --frame, -o) wired into a relay:
// transforms for the two directions and the observers that watch it. Pipe,
// one-shot and listen mode share it, so they show data the same way.
#pragma once

#include <memory>
#include <optional>

#include "options.hpp"
#include "received_file.hpp"
#include "tcpc/observer_list.hpp"
#include "tcpc/relay.hpp"

namespace tcpc::cli {

struct RelayDisplay {
  std::unique_ptr<Transform> outgoing;  // typed UTF-8 -> --encoding
  std::unique_ptr<Transform> incoming;  // received -> text, hex, both, with headers
  std::optional<ReceivedFile> output;   // -o FILE
  std::unique_ptr<RelayObserver> sent;  // sent chunks on stdout, with headers on
  ObserverList observers;

  // Points relay_options at the transforms and observers (kept alive here).
  void attach(RelayOptions& relay_options);
};

// encode_input: convert what is read from input to --encoding (pipe and
// listen mode; one-shot data is converted before it is sent). show_sent:
// with a header view, show what is sent too (one-shot --send and --hex).
// Fails if -o cannot be opened.
Result<void> make_relay_display(const Options& options, bool encode_input, bool show_sent,
                                RelayDisplay& display);

// ncat's summary line: "12 bytes sent, 34 bytes received in 0.52 seconds".
std::string totals_line(std::uint64_t sent, std::uint64_t received, double seconds);

}  // namespace tcpc::cli
