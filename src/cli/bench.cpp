// SPDX-License-Identifier: MIT
// `tcpc bench throughput|rr|connect|conns HOST PORT ...`: the command line of
// the benchmarks. The workloads themselves are in the library (src/bench/).
// --tls (and the client's TLS options) runs every workload over TLS.
#include "bench.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "bench_report.hpp"
#include "error_text.hpp"
#include "exit_code.hpp"
#include "tcpc/fd_limit.hpp"
#include "tcpc/socket.hpp"
#include "tls_options.hpp"
#include "tls_session.hpp"

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

// The address that answers: a probe connection, closed at once, so a wrong
// port fails in one clear line before the benchmark starts. Over TLS the
// probe also runs the handshake: a certificate that fails verification stops
// the run before any data is sent, and `setup.tls` names what was agreed.
Result<Endpoint> find_server(const Target& target, const Options& options,
                             const std::optional<tls::Context>& context, BenchSetup& setup) {
  auto port = parse_port(target.port);
  if (!port) return port.error();
  auto endpoints = resolve(target.host, *port);
  if (!endpoints) return endpoints.error();
  auto probe = connect(*endpoints, ConnectOptions{std::chrono::seconds(10), {}});
  if (!probe) return probe.error();
  const Endpoint server = probe->peer();
  if (context) {
    auto session = start_client_tls(std::move(*probe), *context, target.host, options);
    if (!session) return session.error();
    const tls::SessionInfo info = (*session)->info();
    setup.tls = info.version + " " + info.cipher;
    (void)(*session)->shutdown_write();
  }
  return server;
}

// Each connection of the workload: a TLS client session for `host` (SNI and
// the name checked), its handshake left to the workload.
bench::StreamMaker tls_streams(const tls::Context& context, const std::string& host) {
  return [context, host](Socket socket) -> Result<std::unique_ptr<Stream>> {
    auto stream = tls::TlsStream::client(std::move(socket), context, host);
    if (!stream) return stream.error();
    return std::unique_ptr<Stream>(std::move(*stream));
  };
}

int fail(const Error& error) {
  std::fflush(stdout);
  fmt::print(stderr, "tcpc bench: {}\n", localized_message(error));
  return exit_code_for(error);
}

}  // namespace

int run_bench(int argc, char** argv) {
  CLI::App app{"Measure a TCP server: tcpc's own (tcpc -l PORT --mode echo) or any echo server",
               "tcpc bench"};
  app.require_subcommand(1);
  app.footer(R"(Examples:
  tcpc -l 127.0.0.1 7000 --mode echo &
  tcpc bench throughput 127.0.0.1 7000 --time 10 --direction both
  tcpc bench rr 127.0.0.1 7000 --size 64 --time 5
  tcpc bench connect 127.0.0.1 7000 --time 5 --concurrency 4
  tcpc bench conns 127.0.0.1 7000 -n 10000
  tcpc -l 127.0.0.1 7443 --mode echo --tls &
  tcpc bench rr 127.0.0.1 7443 --tls --insecure   # over TLS (connect: handshakes included))");
  Target target;
  bool json = false;
  BenchSetup setup;
  RawTlsOptions raw_tls;

  auto* throughput = app.add_subcommand(
      "throughput",
      "Bulk transfer from memory to memory, like iperf3 (send: needs a server that "
      "discards or echoes; recv: one that sends; both: an echo server)");
  add_target(*throughput, target, json, raw_tls);
  double throughput_seconds = 10;
  auto& t = setup.throughput;
  auto* bytes = throughput->add_option("--bytes", t.bytes, "Bytes per stream (2G, 512M, ...)")
                    ->transform(CLI::AsSizeValue(false));
  throughput->add_option("--time", throughput_seconds, "Seconds to run (default 10)")
      ->excludes(bytes);
  std::string direction = "send";
  throughput->add_option("--direction", direction, "send, recv or both")
      ->check(CLI::IsMember({"send", "recv", "both"}));
  throughput->add_option("--parallel,-P", t.parallel, "Streams at once (default 1)")
      ->check(CLI::Range(1, 128));
  throughput->add_option("--length,-l", t.block_size, "Bytes per send()/recv() (default 1M)")
      ->transform(CLI::AsSizeValue(false));

  auto* rr = app.add_subcommand("rr", "Request/response round trips, like sockperf ping-pong");
  add_target(*rr, target, json, raw_tls);
  double rr_seconds = 5;
  rr->add_option("--size", setup.round_trips.size, "Bytes per request (default 64)")
      ->check(CLI::Range(1, 1 << 24));
  rr->add_option("--time", rr_seconds, "Seconds to run (default 5)");

  auto* connect_rate =
      app.add_subcommand("connect", "Connections per second: connect, one exchange, close");
  add_target(*connect_rate, target, json, raw_tls);
  double connect_seconds = 5;
  connect_rate->add_option("--time", connect_seconds, "Seconds to run (default 5)");
  connect_rate
      ->add_option("--concurrency,-c", setup.connect_rate.concurrency,
                   "Connections in progress at once (default 1)")
      ->check(CLI::Range(1, 10'000));
  connect_rate->add_option("--size", setup.connect_rate.size, "Bytes exchanged (default 5)")
      ->check(CLI::Range(1, 60'000));

  auto* conns = app.add_subcommand("conns", "Open N connections and hold them");
  add_target(*conns, target, json, raw_tls);
  auto& h = setup.hold;
  conns->add_option("-n", h.count, "Connections to open (default 10000)")
      ->check(CLI::Range(1, 1'000'000));
  double hold_seconds = 1;
  double timeout_seconds = 5;
  conns->add_option("--hold", hold_seconds, "Seconds to hold them before checking (default 1)");
  conns->add_option("--timeout", timeout_seconds, "Seconds to wait for one handshake (default 5)");
  conns->add_flag("--ping", h.ping, "Then send one byte on each and expect it back (echo server)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "tcpc bench: {}\n", e.what());
    return kUsage;
  }
  for (double seconds : {throughput_seconds, rr_seconds, connect_seconds, timeout_seconds}) {
    if (!(seconds > 0)) return fail(Error(errc::invalid_argument, "", "--time must be > 0"));
  }
  t.duration = bench::Seconds(throughput_seconds);
  t.direction = direction == "recv"   ? bench::Direction::recv
                : direction == "both" ? bench::Direction::both
                                      : bench::Direction::send;
  setup.round_trips.duration = bench::Seconds(rr_seconds);
  setup.connect_rate.duration = bench::Seconds(connect_seconds);
  h.hold = bench::Seconds(std::max(hold_seconds, 0.0));
  h.connect_timeout = bench::Seconds(timeout_seconds);
  // Every connection is a descriptor: allow as many as the system lets us.
  setup.fd_limit = raise_fd_limit();

  // The client's TLS options, checked as tcpc HOST PORT --tls checks them.
  Options options;
  auto tls_options = convert_tls_options(raw_tls, false);
  if (!tls_options) return fail(tls_options.error());
  options.tls = std::move(*tls_options);
  auto context = client_context(options);
  if (!context) return fail(context.error());
  const bench::StreamMaker streams = *context ? tls_streams(**context, target.host) : nullptr;

  auto server = find_server(target, options, *context, setup);
  if (!server) return fail(server.error());
  setup.server = server->to_string();

  if (throughput->parsed()) {
    auto result = bench::throughput(*server, t, streams);
    if (!result) return fail(result.error());
    report(setup, *result, json);
    return kSuccess;
  }
  if (rr->parsed()) {
    auto result = bench::round_trips(*server, setup.round_trips, streams);
    if (!result) return fail(result.error());
    report(setup, *result, json);
    return kSuccess;
  }
  if (connect_rate->parsed()) {
    auto result = bench::connect_rate(*server, setup.connect_rate, streams);
    if (!result) return fail(result.error());
    report(setup, *result, json);
    return result->completed > 0 ? kSuccess : kNetworkFailure;
  }
  auto result = bench::hold_connections(*server, h, streams);
  if (!result) return fail(result.error());
  report(setup, *result, json);
  const bool all = result->opened == h.count && result->alive_after_hold == h.count &&
                   (!h.ping || result->answered_ping == h.count);
  return all ? kSuccess : kNetworkFailure;
}

}  // namespace tcpc::cli
