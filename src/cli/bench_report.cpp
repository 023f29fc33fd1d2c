// SPDX-License-Identifier: MIT
#include "bench_report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace tcpc::cli {
namespace {

using nlohmann::json;

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

double per_second(double amount, double seconds) {
  return seconds > 0 ? amount / seconds : 0.0;
}

const char* direction_name(bench::Direction direction) {
  switch (direction) {
    case bench::Direction::send:
      return "send";
    case bench::Direction::recv:
      return "recv";
    case bench::Direction::both:
      return "both";
  }
  return "?";
}

// Percentiles in microseconds, the unit people read round trips in.
json latency_json(const bench::Histogram& h) {
  auto us = [](std::uint64_t ns) { return static_cast<double>(ns) / 1000.0; };
  return {{"count", h.count()},
          {"min_us", us(h.min())},
          {"p50_us", us(h.percentile(50))},
          {"p90_us", us(h.percentile(90))},
          {"p99_us", us(h.percentile(99))},
          {"p99_9_us", us(h.percentile(99.9))},
          {"max_us", us(h.max())},
          {"mean_us", h.mean() / 1000.0}};
}

void print_latency_table(const char* what, const bench::Histogram& h) {
  auto us = [](double ns) { return ns / 1000.0; };
  fmt::print("{:<16}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n", what, "min", "p50", "p90", "p99",
             "p99.9", "max", "mean");
  fmt::print("{:<16}{:>10.1f}{:>10.1f}{:>10.1f}{:>10.1f}{:>10.1f}{:>10.1f}{:>10.1f}\n", "  (µs)",
             us(h.min()), us(h.percentile(50)), us(h.percentile(90)), us(h.percentile(99)),
             us(h.percentile(99.9)), us(h.max()), us(h.mean()));
}

json rate_json(std::uint64_t bytes, double seconds) {
  return {{"bytes", bytes},
          {"seconds", seconds},
          {"bits_per_second", per_second(8.0 * static_cast<double>(bytes), seconds)},
          {"gib_per_second", per_second(static_cast<double>(bytes) / kGiB, seconds)}};
}

void print_rate_row(const std::string& label, std::uint64_t bytes, double seconds) {
  fmt::print("{:<12}{:>18}{:>10.2f}{:>10.2f}{:>10.2f}\n", label, bytes, seconds,
             per_second(static_cast<double>(bytes) / kGiB, seconds),
             per_second(8.0 * static_cast<double>(bytes) / 1e9, seconds));
}

// Over TLS the report says which version and cipher were measured.
void emit(const BenchSetup& setup, json document) {
  if (!setup.tls.empty()) document["tls"] = setup.tls;
  fmt::print("{}\n", document.dump(2));
}

std::string server_text(const BenchSetup& setup) {
  return setup.tls.empty() ? setup.server : setup.server + " over " + setup.tls;
}

}  // namespace

void report(const BenchSetup& setup, const bench::ThroughputResult& result, bool json_output) {
  const auto& options = setup.throughput;
  const bool sends = options.direction != bench::Direction::recv;
  const bool receives = options.direction != bench::Direction::send;
  if (json_output) {
    json streams = json::array();
    for (const auto& stream : result.streams) {
      json entry = json::object();
      if (sends) entry["sent"] = rate_json(stream.bytes_sent, stream.send_seconds);
      if (receives) entry["received"] = rate_json(stream.bytes_received, stream.receive_seconds);
      streams.push_back(entry);
    }
    json document = {{"test", "throughput"},
                     {"server", setup.server},
                     {"direction", direction_name(options.direction)},
                     {"parallel", options.parallel},
                     {"block_size", options.block_size},
                     {"streams", streams}};
    if (options.bytes)
      document["bytes_per_stream"] = options.bytes;
    else
      document["duration_seconds"] = options.duration.count();
    if (sends) document["sent"] = rate_json(result.bytes_sent, result.send_seconds);
    if (receives) document["received"] = rate_json(result.bytes_received, result.receive_seconds);
    return emit(setup, document);
  }
  fmt::print("throughput with {}: {} stream{}, direction {}, {}-byte blocks\n", server_text(setup),
             options.parallel, options.parallel == 1 ? "" : "s", direction_name(options.direction),
             options.block_size);
  fmt::print("{:<12}{:>18}{:>10}{:>10}{:>10}\n", "", "bytes", "seconds", "GiB/s", "Gbit/s");
  for (std::size_t i = 0; i < result.streams.size() && result.streams.size() > 1; ++i) {
    const auto& stream = result.streams[i];
    if (sends) print_rate_row(fmt::format("{} sent", i), stream.bytes_sent, stream.send_seconds);
    if (receives)
      print_rate_row(fmt::format("{} received", i), stream.bytes_received, stream.receive_seconds);
  }
  if (sends) print_rate_row("sent", result.bytes_sent, result.send_seconds);
  if (receives) print_rate_row("received", result.bytes_received, result.receive_seconds);
}

void report(const BenchSetup& setup, const bench::RoundTripResult& result, bool json_output) {
  const auto& h = result.nanoseconds;
  const double rate = per_second(static_cast<double>(h.count()), result.seconds);
  if (json_output) {
    return emit(setup, {{"test", "rr"},
                        {"server", setup.server},
                        {"size", setup.round_trips.size},
                        {"seconds", result.seconds},
                        {"round_trips", h.count()},
                        {"round_trips_per_second", rate},
                        {"round_trip", latency_json(h)}});
  }
  fmt::print("rr with {}: {}-byte requests, {:.1f} s: {} round trips, {:.0f} per second\n",
             server_text(setup), setup.round_trips.size, result.seconds, h.count(), rate);
  print_latency_table("round trip", h);
}

void report(const BenchSetup& setup, const bench::ConnectRateResult& result, bool json_output) {
  const double rate = per_second(static_cast<double>(result.completed), result.seconds);
  if (json_output) {
    json document = {{"test", "connect"},
                     {"server", setup.server},
                     {"concurrency", setup.connect_rate.concurrency},
                     {"size", setup.connect_rate.size},
                     {"seconds", result.seconds},
                     {"completed", result.completed},
                     {"failed", result.failed},
                     {"connections_per_second", rate},
                     {"connection", latency_json(result.nanoseconds)}};
    if (result.failed) document["first_failure"] = result.first_failure;
    return emit(setup, document);
  }
  fmt::print(
      "connect with {}: concurrency {}, {:.1f} s: {} connections, {:.0f} per second, {} failed\n",
      server_text(setup), setup.connect_rate.concurrency, result.seconds, result.completed, rate,
      result.failed);
  if (result.failed) fmt::print("first failure: {}\n", result.first_failure);
  print_latency_table("connection", result.nanoseconds);
}

void report(const BenchSetup& setup, const bench::HoldResult& result, bool json_output) {
  const auto& options = setup.hold;
  if (json_output) {
    json document = {{"test", "conns"},
                     {"server", setup.server},
                     {"target", options.count},
                     {"opened", result.opened},
                     {"open_seconds", result.open_seconds},
                     {"connections_per_second",
                      per_second(static_cast<double>(result.opened), result.open_seconds)},
                     {"stopped_because", result.stopped_because},
                     {"hold_seconds", options.hold.count()},
                     {"alive_after_hold", result.alive_after_hold},
                     {"fd_limit", setup.fd_limit}};
    if (options.ping) document["answered_ping"] = result.answered_ping;
    return emit(setup, document);
  }
  fmt::print("conns with {}: opened {} of {} in {:.2f} s ({:.0f} per second)\n", server_text(setup),
             result.opened, options.count, result.open_seconds,
             per_second(static_cast<double>(result.opened), result.open_seconds));
  fmt::print("stopped: {}\n", result.stopped_because);
  fmt::print("after holding them {:g} s: {} still open\n", options.hold.count(),
             result.alive_after_hold);
  if (options.ping)
    fmt::print("ping: {} of {} echoed one byte\n", result.answered_ping, result.opened);
  fmt::print("descriptor limit (RLIMIT_NOFILE): {}\n", setup.fd_limit);
}

}  // namespace tcpc::cli
