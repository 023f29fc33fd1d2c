// SPDX-License-Identifier: MIT
#include "bench_report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "text_columns.hpp"

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

// `what` is a msgid; the headings are padded by display width, as Chinese
// characters take two columns.
void print_latency_table(const char* what, const bench::Histogram& h) {
  auto us = [](double ns) { return ns / 1000.0; };
  std::string heading = pad_right(tr(what), 16);
  for (const char* column : {tr("min"), "p50", "p90", "p99", "p99.9", tr("max"), tr("mean")})
    heading += pad_left(column, 10);
  fmt::print("{}\n", heading);
  fmt::print("{}{:>10.1f}{:>10.1f}{:>10.1f}{:>10.1f}{:>10.1f}{:>10.1f}{:>10.1f}\n",
             pad_right(tr("  (µs)"), 16), us(h.min()), us(h.percentile(50)), us(h.percentile(90)),
             us(h.percentile(99)), us(h.percentile(99.9)), us(h.max()), us(h.mean()));
}

json rate_json(std::uint64_t bytes, double seconds) {
  return {{"bytes", bytes},
          {"seconds", seconds},
          {"bits_per_second", per_second(8.0 * static_cast<double>(bytes), seconds)},
          {"gib_per_second", per_second(static_cast<double>(bytes) / kGiB, seconds)}};
}

void print_rate_row(const std::string& label, std::uint64_t bytes, double seconds) {
  fmt::print("{}{:>18}{:>10.2f}{:>10.2f}{:>10.2f}\n", pad_right(label, 12), bytes, seconds,
             per_second(static_cast<double>(bytes) / kGiB, seconds),
             per_second(8.0 * static_cast<double>(bytes) / 1e9, seconds));
}

// Over TLS the report says which version and cipher were measured.
void emit(const BenchSetup& setup, json document) {
  if (!setup.tls.empty()) document["tls"] = setup.tls;
  fmt::print("{}\n", document.dump(2));
}

std::string server_text(const BenchSetup& setup) {
  return setup.tls.empty() ? setup.server : trf("{} over {}", setup.server, setup.tls);
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
  // The direction is the option's value (--direction send), not translated.
  const auto parallel = static_cast<unsigned long>(options.parallel);
  fmt::print("{}\n", trnf("throughput with {}: {} stream, direction {}, {}-byte blocks",
                          "throughput with {}: {} streams, direction {}, {}-byte blocks", parallel,
                          server_text(setup), options.parallel, direction_name(options.direction),
                          options.block_size));
  fmt::print("{}{}{}{}{}\n", std::string(12, ' '), pad_left(tr("bytes"), 18),
             pad_left(tr("seconds"), 10), pad_left("GiB/s", 10), pad_left("Gbit/s", 10));
  for (std::size_t i = 0; i < result.streams.size() && result.streams.size() > 1; ++i) {
    const auto& stream = result.streams[i];
    // TRANSLATORS: a row of the table: stream number {} and what it sent.
    if (sends) print_rate_row(trf("{} sent", i), stream.bytes_sent, stream.send_seconds);
    if (receives)
      print_rate_row(trf("{} received", i), stream.bytes_received, stream.receive_seconds);
  }
  if (sends) print_rate_row(tr("sent"), result.bytes_sent, result.send_seconds);
  if (receives) print_rate_row(tr("received"), result.bytes_received, result.receive_seconds);
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
  fmt::print(
      "{}\n",
      trnf("rr with {}: {}-byte requests, {:.1f} s: {} round trip, {:.0f} per second",
           "rr with {}: {}-byte requests, {:.1f} s: {} round trips, {:.0f} per second", h.count(),
           server_text(setup), setup.round_trips.size, result.seconds, h.count(), rate));
  print_latency_table(tr_noop("round trip"), h);
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
  fmt::print("{}\n",
             trnf("connect with {}: concurrency {}, {:.1f} s: {} connection, {:.0f} per second, "
                  "{} failed",
                  "connect with {}: concurrency {}, {:.1f} s: {} connections, {:.0f} per second, "
                  "{} failed",
                  result.completed, server_text(setup), setup.connect_rate.concurrency,
                  result.seconds, result.completed, rate, result.failed));
  if (result.failed) fmt::print("{}\n", trf("first failure: {}", result.first_failure));
  print_latency_table(tr_noop("connection"), result.nanoseconds);
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
                     {"source_addresses", result.sources},
                     {"fd_limit", setup.fd_limit}};
    if (options.ping) document["answered_ping"] = result.answered_ping;
    return emit(setup, document);
  }
  fmt::print("{}\n", trf("conns with {}: opened {} of {} in {:.2f} s ({:.0f} per second)",
                         server_text(setup), result.opened, options.count, result.open_seconds,
                         per_second(static_cast<double>(result.opened), result.open_seconds)));
  fmt::print("{}\n", trf("stopped: {}", result.stopped_because));
  if (result.sources > 1)
    fmt::print("{}\n", trf("from {} local addresses (one has too few ports)", result.sources));
  fmt::print("{}\n", trf("after holding them {:g} s: {} still open", options.hold.count(),
                         result.alive_after_hold));
  if (options.ping)
    fmt::print("{}\n", trf("ping: {} of {} echoed one byte", result.answered_ping, result.opened));
  fmt::print("{}\n", trf("descriptor limit (RLIMIT_NOFILE): {}", setup.fd_limit));
}

}  // namespace tcpc::cli
