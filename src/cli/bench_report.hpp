// SPDX-License-Identifier: MIT
// Prints `tcpc bench` results: a table for people, or one JSON object.
#pragma once

#include <cstdint>
#include <string>

#include "tcpc/bench/workloads.hpp"

namespace tcpc::cli {

// What was asked, echoed in the report so a result file explains itself.
struct BenchSetup {
  std::string server;  // "127.0.0.1:7000"
  std::string tls;     // with --tls: "TLSv1.3 TLS_AES_256_GCM_SHA384"; empty: plain TCP
  bench::ThroughputOptions throughput;
  bench::RoundTripOptions round_trips;
  bench::ConnectRateOptions connect_rate;
  bench::HoldOptions hold;
  std::uint64_t fd_limit = 0;
};

void report(const BenchSetup& setup, const bench::ThroughputResult& result, bool json);
void report(const BenchSetup& setup, const bench::RoundTripResult& result, bool json);
void report(const BenchSetup& setup, const bench::ConnectRateResult& result, bool json);
void report(const BenchSetup& setup, const bench::HoldResult& result, bool json);

}  // namespace tcpc::cli
