// SPDX-License-Identifier: MIT
// Where --stats, --json and --json-file send the reports: text on stderr,
// JSON (one object per line) on stderr or in a file.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>

#include "options.hpp"
#include "tcpc/observer_list.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/result.hpp"
#include "tcpc/stats.hpp"
#include "tcpc/udp_stats.hpp"

namespace tcpc::cli {

class StatsOutput {
 public:
  // Nothing when no statistics were asked for. Opens --json-file now, so a
  // bad path is a usage error before any network I/O.
  static Result<std::optional<StatsOutput>> open(const StatsOptions& options);

  Milliseconds interval() const noexcept { return options_.interval; }
  void connection(const ConnectionReport& report);
  void interval(const IntervalReport& report);
  // A UDP run's report (-u), at its end.
  void datagrams(const DatagramReport& report);
  // For StatsMeter: interval() on every tick.
  StatsMeter::IntervalSink interval_sink();
  // At the connection's end: the last, partial interval (if intervals are
  // on), then the report, with the client's own timings if it has them.
  // After a complete transfer it first waits (briefly) for the peer's last
  // ACKs; after a failure or a timeout it reports at once.
  void finish(StatsMeter& meter, bool completed, std::optional<Microseconds> resolve_time = {},
              std::optional<Microseconds> connect_time = {});

 private:
  struct CloseFile {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };

  explicit StatsOutput(const StatsOptions& options) : options_(options) {}
  void json_line(const std::string& line);

  StatsOptions options_;
  std::unique_ptr<std::FILE, CloseFile> file_;
};

// A meter on `socket` that reports intervals to `output`; joins `observers`
// (the display's: -o, sent chunks) and installs the list and the tick in
// `relay_options`.
StatsMeter& attach_meter(std::optional<StatsMeter>& meter, StatsOutput& output,
                         const Socket& socket, Role role, RelayOptions& relay_options,
                         ObserverList& observers);

}  // namespace tcpc::cli
