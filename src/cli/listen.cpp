// SPDX-License-Identifier: MIT
// Server modes. `-l` is nc's: one client, relayed to the terminal exactly
// like pipe mode (-k: then the next). `-l --mode echo` serves many clients
// until Ctrl-C.
#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <memory>

#include "exit_code.hpp"
#include "modes.hpp"
#include "tcpc/listener.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/server.hpp"
#include "tcpc/text_transform.hpp"
#include "tls_session.hpp"

namespace tcpc::cli {
namespace {

Result<Listener> open_listener(const Options& options) {
  auto listener = Listener::bind(options.host, options.port, options.family);
  if (!listener) return listener.error();
  // Always printed: with port 0 it is the only way to learn the port.
  fmt::print(stderr, "Listening on {}\n", listener->local().to_string());
  std::fflush(stderr);
  return listener;
}

// The running server, for the signal handler; stop() is async-signal-safe.
Server* running_server = nullptr;
volatile std::sig_atomic_t stop_signal = 0;

extern "C" void on_stop_signal(int signal) {
  stop_signal = signal;
  if (running_server) running_server->stop();
}

}  // namespace

Result<int> run_listen(const Options& options) {
  auto tls_context = server_context(options);  // before any I/O: bad files are usage errors
  if (!tls_context) return tls_context.error();
  auto listener = open_listener(options);
  if (!listener) return listener.error();

  std::unique_ptr<Transform> outgoing;
  std::unique_ptr<Transform> incoming;
  do {
    auto client = listener->accept();
    if (!client) return client.error();
    fmt::print(stderr, "Connection from {}\n", client->peer().to_string());
    std::fflush(stderr);

    RelayOptions relay_options;
    if (options.no_stdin) relay_options.input_fd = -1;
    relay_options.half_close = !options.no_stdin;
    relay_options.stop_when_peer_closes = true;  // nc -l ends when the client does
    relay_options.idle_timeout = options.timeout.value_or(Milliseconds(0));
    relay_options.receive_limit = options.recv_size;
    if (options.encoding) {
      if (!options.encoding->is_utf8())
        outgoing = std::make_unique<EncodeTransform>(*options.encoding);
      incoming = std::make_unique<DecodeTransform>(*options.encoding, options.undecodable);
      relay_options.outgoing = outgoing.get();
      relay_options.incoming = incoming.get();
    }
    const std::string peer = client->peer().to_string();
    std::unique_ptr<tls::TlsStream> tls_stream;
    if (*tls_context) {
      auto started = start_server_tls(std::move(*client), **tls_context, options);
      if (!started && !options.keep_listening) return started.error();
      if (!started) {
        fmt::print(stderr, "tcpc: {}\n", started.error().message());
        continue;
      }
      tls_stream = std::move(*started);
    }
    auto totals =
        tls_stream ? relay_tls(*tls_stream, relay_options, options) : relay(*client, relay_options);
    if (!totals) {
      // With -k one client's failure must not end the server.
      if (!options.keep_listening) return totals.error();
      fmt::print(stderr, "tcpc: {}\n", totals.error().message());
    } else if (options.verbose > 0) {
      fmt::print(stderr, "{} closed: {} bytes sent, {} bytes received\n", peer, totals->bytes_sent,
                 totals->bytes_received);
    }
  } while (options.keep_listening);
  return kSuccess;
}

Result<int> run_server(const Options& options) {
  auto tls_context = server_context(options);  // before any I/O: bad files are usage errors
  if (!tls_context) return tls_context.error();
  auto listener = open_listener(options);
  if (!listener) return listener.error();

  ServerOptions server_options;
  server_options.mode = ServerMode::echo;
  server_options.once = options.once;
  server_options.max_clients = options.max_clients;
  server_options.log = [](std::string_view line) {
    fmt::print(stderr, "{}\n", line);
    std::fflush(stderr);
  };
  if (*tls_context) serve_tls(server_options, **tls_context, options);
  auto server = Server::create(std::move(*listener), server_options);
  if (!server) return server.error();

  running_server = &*server;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  auto totals = server->run();
  running_server = nullptr;
  if (!totals) return totals.error();
  if (options.verbose > 0 || stop_signal != 0) {
    fmt::print(stderr, "{} clients, {} bytes received, {} bytes sent\n", totals->clients,
               totals->bytes_received, totals->bytes_sent);
  }
  if (stop_signal == SIGINT) return kInterrupted;
  if (stop_signal == SIGTERM) return kTerminated;
  return kSuccess;
}

}  // namespace tcpc::cli
