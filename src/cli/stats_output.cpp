// SPDX-License-Identifier: MIT
#include "stats_output.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace tcpc::cli {

Result<std::optional<StatsOutput>> StatsOutput::open(const StatsOptions& options) {
  if (!options.enabled()) return std::optional<StatsOutput>();
  StatsOutput output(options);
  if (options.json_file) {
    output.file_.reset(std::fopen(options.json_file->c_str(), "w"));
    if (!output.file_) {
      return Error(errc::invalid_argument, "--json-file " + *options.json_file,
                   std::strerror(errno));
    }
  }
  return std::optional<StatsOutput>(std::move(output));
}

void StatsOutput::json_line(const std::string& line) {
  std::FILE* out = file_ ? file_.get() : stderr;
  fmt::print(out, "{}\n", line);
  std::fflush(out);  // a script tailing the file sees each line at once
}

// JSON first: whoever sees the text on stderr knows the JSON file is written.
void StatsOutput::connection(const ConnectionReport& report) {
  if (options_.json || file_) json_line(report_json(report));
  if (options_.text) {
    for (const std::string& line : format_report(report))
      fmt::print(stderr, "{}\n", line);
    std::fflush(stderr);
  }
}

void StatsOutput::datagrams(const DatagramReport& report) {
  if (options_.json || file_) json_line(datagram_report_json(report));
  if (options_.text) {
    for (const std::string& line : format_datagram_report(report))
      fmt::print(stderr, "{}\n", line);
    std::fflush(stderr);
  }
}

void StatsOutput::interval(const IntervalReport& report) {
  if (options_.json || file_) json_line(interval_json(report));
  if (options_.text) {
    fmt::print(stderr, "{}\n", format_interval(report));
    std::fflush(stderr);
  }
}

StatsMeter::IntervalSink StatsOutput::interval_sink() {
  return [this](const IntervalReport& report) { interval(report); };
}

void StatsOutput::finish(StatsMeter& meter, bool completed,
                         std::optional<Microseconds> resolve_time,
                         std::optional<Microseconds> connect_time) {
  // Long enough for a few retransmission timeouts on a lossy link, short
  // enough not to look like a hang.
  constexpr Milliseconds kAcknowledgementWait{3'000};
  // The transfer's duration ends now; the kernel's figures are read once
  // everything is acknowledged.
  const auto end = StatsMeter::Clock::now();
  if (options_.interval.count() > 0) meter.on_tick();
  if (completed) meter.wait_until_acknowledged(kAcknowledgementWait);
  ConnectionReport report = meter.report(end);
  report.resolve_time = resolve_time;
  report.connect_time = connect_time;
  connection(report);
}

StatsMeter& attach_meter(std::optional<StatsMeter>& meter, StatsOutput& output,
                         const Socket& socket, Role role, RelayOptions& relay_options,
                         ObserverList& observers) {
  meter.emplace(socket, role, output.interval_sink());
  observers.add(&*meter);  // beside -o and the display's observers, not instead of them
  relay_options.observer = observers.get();
  relay_options.tick_interval = output.interval();
  return *meter;
}

}  // namespace tcpc::cli
