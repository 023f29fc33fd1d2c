// SPDX-License-Identifier: MIT
// `tcpc -u -l PORT --mode echo|reply|discard|print|source`: the library's
// UdpServer with the CLI's log, print view, totals and --stats.
#pragma once

#include <optional>

#include "options.hpp"
#include "stats_output.hpp"
#include "stop_signals.hpp"
#include "tcpc/result.hpp"
#include "tcpc/udp.hpp"

namespace tcpc::cli {

// Serves on `socket` until Ctrl-C, SIGTERM or --once; the exit code.
Result<int> serve_udp(UdpSocket socket, const Options& options, StopSignals& stop,
                      std::optional<StatsOutput>& stats);

}  // namespace tcpc::cli
