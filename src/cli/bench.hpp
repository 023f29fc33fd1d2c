// SPDX-License-Identifier: MIT
// `tcpc bench ...`: runs the workload parse_bench() (bench_options.hpp) read
// from the command line. Errors go back to main, which prints them.
#pragma once

#include "bench_options.hpp"
#include "tcpc/result.hpp"

namespace tcpc::cli {

Result<int> run_bench(const BenchOptions& bench);

}  // namespace tcpc::cli
