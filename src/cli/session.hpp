// SPDX-License-Identifier: MIT
// The interactive session over one connected stream: `tcpc HOST PORT` on a
// terminal (run_session in modes.hpp connects, then runs it) and `tcpc -l
// PORT` on a terminal (listen.cpp runs it for each client it accepts).
#pragma once

#include <memory>
#include <optional>

#include "modes.hpp"
#include "stats_output.hpp"
#include "tcpc/stats.hpp"
#include "tcpc/stream.hpp"

namespace tcpc::cli {

struct SessionSetup {
  Role role = Role::client;
  std::optional<ConnectTiming> timing;  // the client's: for /stats and --stats
  StatsOutput* stats = nullptr;         // --stats: the report when the session ends
};

struct SessionEnd {
  int exit_code = 0;
  bool peer_closed = false;  // the peer ended it (else the user, a signal or an error)
};

Result<SessionEnd> run_session_over(const Options& options, std::unique_ptr<Stream> stream,
                                    const SessionSetup& setup);

}  // namespace tcpc::cli
