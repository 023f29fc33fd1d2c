// SPDX-License-Identifier: MIT
#include "bench_options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <sstream>

#include "error_text.hpp"
#include "option_raw.hpp"
#include "tls_options.hpp"

namespace tcpc::cli {
namespace {

struct Target {
  std::string host;
  std::string port;
};

void add_target(CLI::App& command, Target& target, bool& json, RawTlsOptions& tls) {
  command.add_option("host", target.host, "Server address")->required();
  command.add_option("port", target.port, "Server port")->required();
  command.add_flag("--json", json, "Print one JSON object instead of a table");
  define_tls_options(command, tls, /*with_server=*/false);
}

// The seconds each workload runs, as given (checked after parsing).
struct BenchSeconds {
  double throughput = 10;
  double round_trips = 5;
  double connect_rate = 5;
  double hold = 1;
  double timeout = 5;
};

// Every subcommand and its options; `parsed` tells which one ran.
struct BenchCommands {
  CLI::App* throughput;
  CLI::App* round_trips;
  CLI::App* connect_rate;
  CLI::App* hold;
};

BenchCommands define_bench(CLI::App& app, BenchOptions& bench, Target& target, RawTlsOptions& tls,
                           BenchSeconds& seconds, std::string& direction) {
  app.require_subcommand(1);
  app.footer(R"(Examples:
  tcpc -l 127.0.0.1 7000 --mode echo &
  tcpc bench throughput 127.0.0.1 7000 --time 10 --direction both
  tcpc bench rr 127.0.0.1 7000 --size 64 --time 5
  tcpc bench connect 127.0.0.1 7000 --time 5 --concurrency 4
  tcpc bench conns 127.0.0.1 7000 -n 10000
  tcpc -l 127.0.0.1 7443 --mode echo --tls &
  tcpc bench rr 127.0.0.1 7443 --tls --insecure   # over TLS (connect: handshakes included))");
  BenchSetup& setup = bench.setup;
  auto* throughput = app.add_subcommand(
      "throughput",
      "Bulk transfer from memory to memory, like iperf3 (send: needs a server that "
      "discards or echoes; recv: one that sends; both: an echo server)");
  add_target(*throughput, target, bench.json, tls);
  auto& t = setup.throughput;
  auto* bytes = throughput->add_option("--bytes", t.bytes, "Bytes per stream (2G, 512M, ...)")
                    ->transform(CLI::AsSizeValue(false));
  throughput->add_option("--time", seconds.throughput, "Seconds to run (default 10)")
      ->excludes(bytes);
  throughput->add_option("--direction", direction, "send, recv or both")
      ->check(CLI::IsMember({"send", "recv", "both"}));
  throughput->add_option("--parallel,-P", t.parallel, "Streams at once (default 1)")
      ->check(CLI::Range(1, 128));
  throughput->add_option("--length,-l", t.block_size, "Bytes per send()/recv() (default 1M)")
      ->transform(CLI::AsSizeValue(false));

  auto* rr = app.add_subcommand("rr", "Request/response round trips, like sockperf ping-pong");
  add_target(*rr, target, bench.json, tls);
  rr->add_option("--size", setup.round_trips.size, "Bytes per request (default 64)")
      ->check(CLI::Range(1, 1 << 24));
  rr->add_option("--time", seconds.round_trips, "Seconds to run (default 5)");

  auto* connect_rate =
      app.add_subcommand("connect", "Connections per second: connect, one exchange, close");
  add_target(*connect_rate, target, bench.json, tls);
  connect_rate->add_option("--time", seconds.connect_rate, "Seconds to run (default 5)");
  connect_rate
      ->add_option("--concurrency,-c", setup.connect_rate.concurrency,
                   "Connections in progress at once (default 1)")
      ->check(CLI::Range(1, 10'000));
  connect_rate->add_option("--size", setup.connect_rate.size, "Bytes exchanged (default 5)")
      ->check(CLI::Range(1, 60'000));

  auto* conns = app.add_subcommand("conns", "Open N connections and hold them");
  add_target(*conns, target, bench.json, tls);
  auto& h = setup.hold;
  conns->add_option("-n", h.count, "Connections to open (default 10000)")
      ->check(CLI::Range(1, 1'000'000));
  conns->add_option("--hold", seconds.hold, "Seconds to hold them before checking (default 1)");
  conns->add_option("--timeout", seconds.timeout, "Seconds to wait for one handshake (default 5)");
  conns->add_flag("--ping", h.ping, "Then send one byte on each and expect it back (echo server)");
  return {throughput, rr, connect_rate, conns};
}

// The parsed values into `bench`: durations, direction, the workload, the port, TLS.
Result<void> convert_bench(const BenchCommands& commands, const Target& target,
                           const RawTlsOptions& tls, const BenchSeconds& seconds,
                           const std::string& direction, BenchOptions& bench) {
  for (double value :
       {seconds.throughput, seconds.round_trips, seconds.connect_rate, seconds.timeout}) {
    if (!(value > 0)) return usage("--time must be > 0");
  }
  BenchSetup& setup = bench.setup;
  setup.throughput.duration = bench::Seconds(seconds.throughput);
  setup.throughput.direction = direction == "recv"   ? bench::Direction::recv
                               : direction == "both" ? bench::Direction::both
                                                     : bench::Direction::send;
  setup.round_trips.duration = bench::Seconds(seconds.round_trips);
  setup.connect_rate.duration = bench::Seconds(seconds.connect_rate);
  setup.hold.hold = bench::Seconds(std::max(seconds.hold, 0.0));
  setup.hold.connect_timeout = bench::Seconds(seconds.timeout);
  bench.workload = commands.throughput->parsed()     ? BenchWorkload::throughput
                   : commands.round_trips->parsed()  ? BenchWorkload::round_trips
                   : commands.connect_rate->parsed() ? BenchWorkload::connect_rate
                                                     : BenchWorkload::hold;
  // The client's TLS options, checked as tcpc HOST PORT --tls checks them.
  auto tls_options = convert_tls_options(tls, false);
  if (!tls_options) return tls_options.error();
  bench.client.tls = std::move(*tls_options);
  bench.host = target.host;
  auto port = parse_port(target.port);
  if (!port) return port.error();
  bench.port = *port;
  return {};
}

}  // namespace

ParseOutcome parse_bench(int argc, char** argv) {
  CLI::App app{"Measure a TCP server: tcpc's own (tcpc -l PORT --mode echo) or any echo server",
               "tcpc bench"};
  auto bench = std::make_shared<BenchOptions>();
  Target target;
  RawTlsOptions tls;
  BenchSeconds seconds;
  std::string direction = "send";
  const BenchCommands commands = define_bench(app, *bench, target, tls, seconds, direction);
  ParseOutcome outcome;
  outcome.program = "tcpc bench";
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    std::ostringstream out;
    std::ostringstream ignored;
    app.exit(e, out, ignored);
    outcome.text = out.str();
    return outcome;
  } catch (const CLI::ParseError& e) {
    outcome.error = usage_error(e.what());
    return outcome;
  }
  if (auto converted = convert_bench(commands, target, tls, seconds, direction, *bench);
      !converted) {
    outcome.error = converted.error();
    return outcome;
  }
  outcome.bench = std::move(bench);
  return outcome;
}

}  // namespace tcpc::cli
