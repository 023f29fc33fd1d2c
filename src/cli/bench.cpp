// SPDX-License-Identifier: MIT
// `tcpc bench throughput|rr|connect|conns HOST PORT ...`: the command line of
// the benchmarks. The workloads themselves are in the library (src/bench/).
// --tls (and the client's TLS options) runs every workload over TLS.
#include "bench.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "bench_options.hpp"
#include "bench_report.hpp"
#include "error_text.hpp"
#include "exit_code.hpp"
#include "tcpc/fd_limit.hpp"
#include "tcpc/socket.hpp"
#include "tls_session.hpp"

namespace tcpc::cli {
namespace {

// The address that answers: a probe connection, closed at once, so a wrong
// port fails in one clear line before the benchmark starts. Over TLS the
// probe also runs the handshake: a certificate that fails verification stops
// the run before any data is sent, and `setup.tls` names what was agreed.
Result<Endpoint> find_server(const BenchOptions& bench, const std::optional<tls::Context>& context,
                             BenchSetup& setup) {
  auto endpoints = resolve(bench.host, bench.port);
  if (!endpoints) return endpoints.error();
  auto probe = connect(*endpoints, ConnectOptions{std::chrono::seconds(10), {}, {}});
  if (!probe) return probe.error();
  const Endpoint server = probe->peer();
  if (context) {
    auto session = start_client_tls(std::move(*probe), *context, bench.host, bench.client);
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

}  // namespace

Result<int> run_bench(const BenchOptions& bench) {
  BenchSetup setup = bench.setup;
  // Every connection is a descriptor: allow as many as the system lets us.
  setup.fd_limit = raise_fd_limit();
  auto context = client_context(bench.client);
  if (!context) return context.error();
  const bench::StreamMaker streams = *context ? tls_streams(**context, bench.host) : nullptr;

  auto server = find_server(bench, *context, setup);
  if (!server) return server.error();
  setup.server = server->to_string();

  switch (bench.workload) {
    case BenchWorkload::throughput: {
      auto result = bench::throughput(*server, setup.throughput, streams);
      if (!result) return result.error();
      report(setup, *result, bench.json);
      return kSuccess;
    }
    case BenchWorkload::round_trips: {
      auto result = bench::round_trips(*server, setup.round_trips, streams);
      if (!result) return result.error();
      report(setup, *result, bench.json);
      return kSuccess;
    }
    case BenchWorkload::connect_rate: {
      auto result = bench::connect_rate(*server, setup.connect_rate, streams);
      if (!result) return result.error();
      report(setup, *result, bench.json);
      return result->completed > 0 ? kSuccess : kNetworkFailure;
    }
    case BenchWorkload::hold:
      break;
  }
  const bench::HoldOptions& h = setup.hold;
  auto result = bench::hold_connections(*server, h, streams);
  if (!result) return result.error();
  report(setup, *result, bench.json);
  const bool all = result->opened == h.count && result->alive_after_hold == h.count &&
                   (!h.ping || result->answered_ping == h.count);
  return all ? kSuccess : kNetworkFailure;
}

}  // namespace tcpc::cli
