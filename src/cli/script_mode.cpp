// SPDX-License-Identifier: MIT
// --script FILE: the script is read and checked before any connection
// (syntax errors: "FILE:LINE:COLUMN: message", exit 2), then run over one
// connection, as a client (HOST PORT) or as a server for one client (-l).
#include <fmt/format.h>

#include "error_text.hpp"
#include "exit_code.hpp"
#include "i18n.hpp"
#include "modes.hpp"
#include "script_load.hpp"
#include "script_report.hpp"
#include "script_runner.hpp"
#include "stop_signals.hpp"
#include "tcpc/listener.hpp"
#include "tcpc/script.hpp"

namespace tcpc::cli {
namespace {

// -l --script: the first client, the script's peer.
Result<std::optional<Socket>> accept_one(const Options& options, StopSignals& stop) {
  auto listener = Listener::bind(options.host, options.port, options.family);
  if (!listener) return listener.error();
  // Not translated, as in listen.cpp: scripts find the port in this line.
  fmt::print(stderr, "Listening on {}\n", listener->local().to_string());
  std::fflush(stderr);
  if (!stop.wait_for(listener->fd())) return std::optional<Socket>{};
  auto client = listener->accept();
  if (!client) return client.error();
  fmt::print(stderr, "{}\n", trf("Connection from {}", client->peer().to_string()));
  std::fflush(stderr);
  return std::optional<Socket>{std::move(*client)};
}

}  // namespace

Result<int> run_script(const Options& options) {
  const std::string& path = *options.script_file;
  auto script = load_script(path, "--script");
  if (!script) return script.error();
  auto stop = StopSignals::install();
  if (!stop) return stop.error();

  std::optional<Socket> socket;
  if (options.context.mode == RunMode::listen_script) {
    auto accepted = accept_one(options, *stop);
    if (!accepted) return accepted.error();
    if (!*accepted) return stop->exit_code().value_or(kInterrupted);
    socket = std::move(**accepted);
  } else {
    auto connected = connect_to(options);
    if (!connected) return connected.error();
    socket = std::move(*connected);
  }

  const bool json = options.stats.json;
  std::size_t steps = 0;
  ScriptRunner runner(*socket, stop->fd(), [json, &steps](const StepReport& report) {
    ++steps;
    fmt::print("{}\n", json ? step_json(report) : step_line(report));
    std::fflush(stdout);
  });
  const auto start = std::chrono::steady_clock::now();
  auto outcome = runner.run(*script);
  if (!outcome) return outcome.error();
  if (outcome->cancelled) return stop->exit_code().value_or(kInterrupted);
  if (outcome->failure) {
    if (json) fmt::print("{}\n", failure_json(*outcome->failure));
    std::fflush(stdout);
    fmt::print(stderr, "tcpc: {}\n", failure_line(path, *outcome->failure));
    return kExpectationFailed;
  }
  if (!json) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    fmt::print("{}\n", passed_line(steps, took));
  }
  return kSuccess;
}

}  // namespace tcpc::cli
