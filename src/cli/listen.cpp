// SPDX-License-Identifier: MIT
// Server modes. `-l` is nc's: one client, relayed to the terminal exactly
// like pipe mode (-k: then the next). `-l --mode echo` serves many clients
// until Ctrl-C.
#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>

#include "counts.hpp"
#include "error_text.hpp"
#include "exec_program.hpp"
#include "exit_code.hpp"
#include "i18n.hpp"
#include "listen_client.hpp"
#include "modes.hpp"
#include "netcat.hpp"
#include "print_server.hpp"
#include "relay_display.hpp"
#include "server_log.hpp"
#include "session.hpp"
#include "stats_output.hpp"
#include "stop_signals.hpp"
#include "tcpc/fd_limit.hpp"
#include "tcpc/listener.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/server.hpp"
#include "tcpc/socket_options.hpp"
#include "tcpc/text_transform.hpp"
#include "tls_session.hpp"

namespace tcpc::cli {
namespace {

Result<Listener> open_listener(const Options& options) {
  auto listener = options.unix_path ? Listener::bind(std::vector<Endpoint>{*options.unix_path})
                                    : Listener::bind(options.host, options.port, options.family);
  if (!listener) return listener.error();
  // Always printed: with port 0 it is the only way to learn the port. Not
  // translated, in any locale: scripts find the port in this line (sed
  // 's/^Listening on ...', tests' LISTENING_RE, scripts/demo.sh), like nc's
  // and ncat's "Listening on", and a script must not break under LANG=zh_CN.
  fmt::print(stderr, "Listening on {}\n", listener->local().to_string());
  std::fflush(stderr);
  return listener;
}

// On a terminal, `tcpc -l PORT` gives each client the interactive session's
// display (what arrives is shown above the line being typed, never mixed
// into it), unless an option only the relay has is given.
bool wants_session_display(const Options& options) {
  return !options.raw_relay && !options.no_stdin && !options.no_shutdown && !options.telnet &&
         options.program.empty() && !options.quit_after_eof && !options.timeout &&
         options.recv_size == 0 && ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
}

// One client in the session display; peer_closed says whether -k goes on.
Result<SessionEnd> session_with(const Options& options, Socket client,
                                const std::optional<tls::Context>& tls_context,
                                std::optional<StatsOutput>& stats) {
  std::unique_ptr<Stream> stream;
  if (tls_context) {
    auto started = start_server_tls(std::move(client), *tls_context, options);
    if (!started) return started.error();
    stream = std::move(*started);
  } else {
    auto plain = SocketStream::wrap(std::move(client));
    if (!plain) return plain.error();
    stream = std::make_unique<SocketStream>(std::move(*plain));
  }
  SessionSetup setup;
  setup.role = Role::server;
  if (stats) setup.stats = &*stats;
  return run_session_over(options, std::move(stream), setup);
}

// --allow/--deny: a client they do not admit is logged and reset before a
// byte either way, and the listener waits for the next one, with or without
// -k (ncat without -k stops listening at its first connection, even a
// denied one, and then waits for nothing).
bool admitted(Socket& client, const Options& options) {
  if (!options.access.restricts() || options.access.admits(client.peer())) return true;
  fmt::print(stderr, "{}\n",
             trf("connection from {} denied: not allowed", client.peer().to_string()));
  std::fflush(stderr);
  (void)set_reset_on_close(client.fd());
  (void)client.close();
  return false;
}

}  // namespace

Result<bool> admit_client(Socket& client, const Listener& listener, const Options& options) {
  if (!admitted(client, options)) return false;
  // nc's -I -O -T -M -m -D, on the connection once it is admitted (-S's
  // key is the listener's already).
  SocketSettings on_connection = options.socket_settings;
  on_connection.md5_key.clear();
  if (auto set = apply(client.fd(), on_connection); !set) return set.error();
  log_connection(client, listener);
  return true;
}

namespace {

// -S: clients must sign their segments from the SYN on, so the key goes on
// the listener before it accepts anyone.
Result<void> sign_listener(const Listener& listener, const Options& options) {
  if (options.socket_settings.md5_key.empty()) return {};
  return set_md5_key(listener.fd(), options.socket_settings.md5_key);
}

// --rule and the default reply, then --rules FILE's rules.
Result<std::shared_ptr<const ReplyRules>> load_rules(const Options& options) {
  if (!options.rules || !options.rules_file) return options.rules;
  const std::string& path = *options.rules_file;
  std::ifstream file(path, std::ios::binary);
  if (!file) return usage("--rules {}: {}", path, std::strerror(errno));
  std::ostringstream text;
  text << file.rdbuf();
  auto from_file = parse_reply_rules(text.str(), path);
  if (!from_file) return usage("--rules: {}", from_file.error().message());
  if (from_file->empty()) return usage("--rules {}: no rules in the file", path);
  auto rules = std::make_shared<ReplyRules>(*options.rules);
  rules->rules.insert(rules->rules.end(), std::make_move_iterator(from_file->begin()),
                      std::make_move_iterator(from_file->end()));
  return std::shared_ptr<const ReplyRules>(std::move(rules));
}

}  // namespace

Result<int> run_listen(const Options& options) {
  if (!options.no_stdin && options.program.empty()) {
    if (auto checked = check_stdin(); !checked) return checked.error();
  }
  auto stats = StatsOutput::open(options.stats);
  if (!stats) return stats.error();
  auto tls_context = server_context(options);  // before any I/O: bad files are usage errors
  if (!tls_context) return tls_context.error();
  // Before "Listening on": from then on Ctrl-C ends the relay and the totals are printed.
  auto stop = StopSignals::install();
  if (!stop) return stop.error();
  auto listener = open_listener(options);
  if (!listener) return listener.error();
  if (auto signed_ = sign_listener(*listener, options); !signed_) return signed_.error();
  if (!options.program.empty())
    return run_program_listener(options, *listener, *stop, *tls_context, *stats);
  const bool session_display = wants_session_display(options);
  Options session_options = options;
  if (options.crlf && options.eol == LineEnding::lf) session_options.eol = LineEnding::crlf;

  bool served_one = false;  // a denied client does not count: -l waits for one it admits
  do {
    if (!stop->wait_for(listener->fd())) return stop->exit_code().value_or(kInterrupted);
    auto client = listener->accept();
    if (!client) return client.error();
    auto admit = admit_client(*client, *listener, options);
    if (!admit) return admit.error();
    if (!*admit) continue;
    served_one = true;
    if (session_display) {
      auto ended = session_with(session_options, std::move(*client), *tls_context, *stats);
      if (!ended && !options.keep_listening) return ended.error();
      if (!ended) {
        fmt::print(stderr, "tcpc: {}\n", ended.error().message());
        continue;
      }
      // -k goes on to the next client only when this one left.
      if (!ended->peer_closed || ended->exit_code != kSuccess) return ended->exit_code;
      continue;
    }

    RelayOptions relay_options;
    if (options.no_stdin) relay_options.input_fd = -1;
    relay_options.half_close = !options.no_stdin && !options.no_shutdown;
    // A client's half-close means it sends no more, not that it wants no
    // more: what stdin still holds is sent before the connection ends (nc -l
    // drops it). A person at a terminal expects the end with the client's.
    relay_options.stop_when_peer_closes = options.no_stdin || ::isatty(STDIN_FILENO);
    relay_options.idle_timeout = options.timeout.value_or(Milliseconds(0));
    relay_options.receive_limit = options.recv_size;
    RelayDisplay display;  // afresh for each client: -o holds the last client's bytes
    if (auto made = make_relay_display(options, true, false, display); !made) return made.error();
    if (options.crlf) display.outgoing = crlf_then(std::move(display.outgoing));
    TelnetAnswer telnet;  // -t
    telnet.fd = client->fd();
    if (options.telnet) display.observers.add(&telnet);
    display.attach(relay_options);
    relay_options.quit_after_input = options.quit_after_eof.value_or(Milliseconds(-1));
    relay_options.cancel_fd = stop->fd();
    const std::string peer = client->peer().to_string();
    std::unique_ptr<tls::TlsStream> tls_stream;
    if (*tls_context) {
      auto started = start_server_tls(std::move(*client), **tls_context, options);
      if (!started && !options.keep_listening) return started.error();
      if (!started) {
        fmt::print(stderr, "tcpc: {}\n", localized_message(started.error()));
        continue;
      }
      tls_stream = std::move(*started);
    }
    const Socket& tcp = tls_stream ? tls_stream->socket() : *client;
    std::optional<StatsMeter> meter;
    if (*stats) attach_meter(meter, **stats, tcp, Role::server, relay_options, display.observers);
    const auto start = std::chrono::steady_clock::now();
    auto totals =
        tls_stream ? relay_tls(*tls_stream, relay_options, options) : relay(*client, relay_options);
    if (meter) (*stats)->finish(*meter, totals && !totals->timed_out && !totals->cancelled);
    if (!totals) {
      // With -k one client's failure must not end the server.
      if (!options.keep_listening) return totals.error();
      fmt::print(stderr, "tcpc: {}\n", localized_message(totals.error()));
    } else if (options.verbose > 0) {
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      fmt::print(stderr, "{}\n",
                 trf("{} closed: {}", peer,
                     totals_line(totals->bytes_sent, totals->bytes_received, took.count())));
    }
    if (display.output && display.output->error()) return *display.output->error();
    if (totals && totals->cancelled) return stop->exit_code().value_or(kInterrupted);
  } while (options.keep_listening || !served_one);
  return kSuccess;
}

Result<int> run_server(const Options& options) {
  auto rules = load_rules(options);  // before listening: a bad rule is a usage error
  if (!rules) return rules.error();
  raise_fd_limit();  // every client is a descriptor: thousands, not the usual 1024
  auto stats = StatsOutput::open(options.stats);
  if (!stats) return stats.error();
  auto tls_context = server_context(options);  // before any I/O: bad files are usage errors
  if (!tls_context) return tls_context.error();
  // Before "Listening on": Ctrl-C and SIGTERM close the clients and print the totals.
  auto stop = StopSignals::install();
  if (!stop) return stop.error();
  auto listener = open_listener(options);
  if (!listener) return listener.error();
  if (auto signed_ = sign_listener(*listener, options); !signed_) return signed_.error();

  ServerOptions server_options;
  server_options.mode = options.server_mode;
  server_options.reply = options.reply;
  server_options.rules = *rules;
  if (*rules) server_options.frame = options.frame;
  server_options.source_bytes = options.source_bytes;
  server_options.once = options.once;
  server_options.max_clients = options.max_clients;
  server_options.access = options.access;
  // A client beyond --max-clients is told and closed, not left waiting unseen.
  // In English whatever the server's locale: these bytes go to the client.
  if (options.max_clients > 0) {
    server_options.busy_message =
        fmt::format("tcpc: busy: this server takes {} client{} at a time; try again later\r\n",
                    options.max_clients, options.max_clients == 1 ? "" : "s");
  }
  server_options.cancel_fd = stop->fd();
  // The server's log and the TLS details of -v: on stderr, or above the
  // print console's prompt (print->attach() below).
  std::function<void(std::string_view)> log_line = [](std::string_view line) {
    fmt::print(stderr, "{}\n", line);
    std::fflush(stderr);
  };
  if (*stats) {
    server_options.on_client_closed = [&stats](const Socket& client, const ClientSummary& summary) {
      ConnectionReport report = report_for(client, Role::server);
      report.duration = std::chrono::duration_cast<Microseconds>(std::chrono::steady_clock::now() -
                                                                 summary.accepted);
      report.bytes_sent = summary.bytes_sent;
      report.bytes_received = summary.bytes_received;
      (*stats)->connection(report);
    };
  }
  // print mode: every chunk on stdout; on a terminal, a console for replies.
  std::unique_ptr<PrintServer> print;
  if (options.server_mode == ServerMode::print) {
    print = std::make_unique<PrintServer>(options);
    print->attach(server_options);
    if (print->has_console()) {
      log_line = [&print](std::string_view line) {
        print->print(std::string(line) + "\n", Console::Text::notice);
      };
    }
  }
  server_options.on_event = [&log_line](const ServerEvent& event) {
    log_line(server_log_line(event));
  };
  if (*tls_context) serve_tls(server_options, **tls_context, options, log_line);  // every --mode
  auto server = Server::create(std::move(*listener), server_options);
  if (!server) return server.error();
  if (print) {
    if (auto started = print->start(*server); !started) return started.error();
  }

  auto totals = server->run();
  // Someone at the console sees the totals however it was stopped: Ctrl-C,
  // /quit or Ctrl-D.
  const bool console = print && print->has_console();
  const bool console_interrupted = print && print->interrupted();
  print.reset();  // gives the terminal back before the summary
  if (!totals) return totals.error();
  std::optional<int> stopped = stop->exit_code();
  if (!stopped && console_interrupted) stopped = kInterrupted;
  if (options.verbose > 0 || stopped || console) {
    fmt::print(stderr, "{}\n",
               trf("{}, {} received, {} sent", clients_text(totals->clients),
                   trnf("{} byte", "{} bytes", totals->bytes_received, totals->bytes_received),
                   trnf("{} byte", "{} bytes", totals->bytes_sent, totals->bytes_sent)));
  }
  return stopped.value_or(kSuccess);
}

}  // namespace tcpc::cli
