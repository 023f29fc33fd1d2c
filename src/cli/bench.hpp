// SPDX-License-Identifier: MIT
// `tcpc bench ...`: its own command line (CLI11 subcommands), parsed apart
// from the client's options. argv[0] is "bench".
#pragma once

namespace tcpc::cli {

int run_bench(int argc, char** argv);

}  // namespace tcpc::cli
