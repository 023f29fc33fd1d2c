// SPDX-License-Identifier: MIT
// One function per mode. Each returns an exit code or an Error that main
// turns into one line on stderr and its exit code.
#pragma once

#include <chrono>

#include "options.hpp"
#include "tcpc/result.hpp"

namespace tcpc::cli {

Result<int> run_guided(const Options& options);
Result<int> run_client(const Options& options);  // one-shot and pipe mode
Result<int> run_listen(const Options& options);  // -l: one client at a time, relayed
Result<int> run_server(const Options& options);  // -l --mode: many clients
// HOST PORT on a terminal (or --interactive): the interactive session.
Result<int> run_session(const Options& options);
Result<int> run_script(const Options& options);  // --script FILE, client or -l

// How long resolving and connecting took, for --stats.
struct ConnectTiming {
  std::chrono::microseconds resolve{0};
  std::chrono::microseconds connect{0};
};

// Shared by the client modes: resolve and connect with the options' family,
// timeout and source address; -v reports the connection on stderr.
Result<Socket> connect_to(const Options& options, ConnectTiming* timing = nullptr);
// Opens --file for streaming; a missing file or a directory is bad input.
Result<Fd> open_input_file(const std::string& path);
// Before any I/O in the modes that relay stdin: a directory there is bad input.
Result<void> check_stdin();

}  // namespace tcpc::cli
