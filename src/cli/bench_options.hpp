// SPDX-License-Identifier: MIT
// `tcpc bench throughput|rr|connect|conns HOST PORT ...`: its command line
// (CLI11 subcommands), parsed by parse_options() like the rest, without I/O.
#pragma once

#include <cstdint>
#include <string>

#include "bench_report.hpp"
#include "options.hpp"

namespace tcpc::cli {

enum class BenchWorkload { throughput, round_trips, connect_rate, hold };

struct BenchOptions {
  BenchWorkload workload = BenchWorkload::throughput;
  std::string host;
  std::uint16_t port = 0;
  bool json = false;
  BenchSetup setup;  // the workloads' options; run_bench fills in server, tls and fd_limit
  Options client;    // the client's TLS options, as `tcpc HOST PORT --tls` checks them
};

// argv[0] is "bench".
ParseOutcome parse_bench(int argc, char** argv);

}  // namespace tcpc::cli
