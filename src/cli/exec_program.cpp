// SPDX-License-Identifier: MIT
#include "exec_program.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <set>

#include "error_text.hpp"
#include "exit_code.hpp"
#include "i18n.hpp"
#include "listen_client.hpp"
#include "netcat.hpp"
#include "server_log.hpp"
#include "signal_pipe.hpp"
#include "tls_session.hpp"

namespace tcpc::cli {
namespace {

// How long a program asked to end (SIGINT, SIGTERM) may take before SIGKILL.
constexpr std::chrono::milliseconds kGrace{2000};

// Both ends of the connection, under tcpc's names and ncat's, so that
// scripts written for `ncat --sh-exec` run unchanged.
std::vector<std::string> connection_environment(const Socket& connection) {
  std::vector<std::string> env;
  const Endpoint& remote = connection.peer();
  auto local = connection.local_endpoint();
  const bool unix_socket = remote.family() == AF_UNIX;
  auto add = [&env](std::string_view name, const std::string& value) {
    for (const char* prefix : {"TCPC_", "NCAT_"})
      env.push_back(fmt::format("{}{}={}", prefix, name, value));
  };
  add("PROTO", unix_socket ? "UNIX" : "TCP");
  if (!unix_socket) {
    add("REMOTE_ADDR", remote.host());
    add("REMOTE_PORT", std::to_string(remote.port()));
    if (local) {
      add("LOCAL_ADDR", local->host());
      add("LOCAL_PORT", std::to_string(local->port()));
    }
  }
  return env;
}

std::string ending_text(const std::string& name, pid_t pid, const ExitStatus& status) {
  if (status.signal != 0) {
    return trf("{} (pid {}) was killed by signal {} ({})", name, pid, status.signal,
               ::strsignal(status.signal));
  }
  return trf("{} (pid {}) exited with status {}", name, pid, status.code);
}

// One client: TLS if asked, its program, the relay between them, the end.
Result<int> serve_client(const Options& options, Socket client,
                         const std::optional<tls::Context>& tls_context,
                         std::optional<StatsOutput>& stats, StopSignals& stop) {
  RelayDisplay display;
  if (auto made = make_program_display(options, display); !made) return made.error();
  const std::string peer = client.peer().to_string();
  std::unique_ptr<tls::TlsStream> tls_stream;
  if (tls_context) {
    auto started = start_server_tls(std::move(client), *tls_context, options);
    if (!started) return started.error();
    tls_stream = std::move(*started);
  }
  const Socket& tcp = tls_stream ? tls_stream->socket() : client;
  auto program = start_program(options, tcp);
  if (!program) return program.error();
  RelayOptions relay_options;
  relay_options.idle_timeout = options.timeout.value_or(Milliseconds(0));
  relay_options.receive_limit = options.recv_size;
  relay_options.cancel_fd = stop.fd();
  display.attach(relay_options);
  wire_program(*program, options, relay_options);
  std::optional<StatsMeter> meter;
  if (stats) attach_meter(meter, *stats, tcp, Role::server, relay_options, display.observers);
  const auto start = std::chrono::steady_clock::now();
  auto totals =
      tls_stream ? relay_tls(*tls_stream, relay_options, options) : relay(client, relay_options);
  if (meter) stats->finish(*meter, totals && !totals->timed_out && !totals->cancelled);
  const bool cancelled = totals && totals->cancelled;
  finish_program(*program, options, cancelled ? stop_signal(stop) : std::nullopt);
  if (!totals) return totals.error();
  if (options.verbose > 0) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    fmt::print(stderr, "{}\n",
               trf("{} closed: {}", peer,
                   totals_line(totals->bytes_sent, totals->bytes_received, took.count())));
  }
  if (display.output && display.output->error()) return *display.output->error();
  if (cancelled) return stop.exit_code().value_or(kInterrupted);
  return kSuccess;
}

// -k: the processes serving a client each, reaped as they end (SIGCHLD), so
// no zombie waits for the next client.
class Handlers {
 public:
  void add(pid_t pid) { pids_.insert(pid); }
  void reap() {
    for (auto it = pids_.begin(); it != pids_.end();) {
      int status = 0;
      const pid_t done = ::waitpid(*it, &status, WNOHANG);
      it = done == *it || (done < 0 && errno == ECHILD) ? pids_.erase(it) : std::next(it);
    }
  }
  // Passes a stop signal on and waits for every one of them.
  void stop(std::optional<int> signal) {
    for (pid_t pid : pids_) {
      if (signal) ::kill(pid, *signal);
    }
    for (pid_t pid : pids_) {
      int status = 0;
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    pids_.clear();
  }

 private:
  std::set<pid_t> pids_;
};

// In the new process: a stop signal is this client's, not the listener's.
[[noreturn]] void serve_in_child(const Options& options, int listener_fd, Socket client,
                                 const std::optional<tls::Context>& tls_context,
                                 std::optional<StatsOutput>& stats) {
  std::signal(SIGCHLD, SIG_DFL);
  ::close(listener_fd);  // the port is the listener's: free once it ends
  int code = kNetworkFailure;
  if (auto stop = StopSignals::install()) {
    auto served = serve_client(options, std::move(client), tls_context, stats, *stop);
    if (served) {
      code = *served;
    } else {
      fmt::print(stderr, "tcpc: {}\n", localized_message(served.error()));
      code = exit_code_for(served.error());
    }
  }
  std::fflush(nullptr);
  ::_exit(code);  // not exit(): the listener's objects are the listener's to end
}

}  // namespace

Result<void> make_program_display(const Options& options, RelayDisplay& display) {
  if (options.output_file) {
    auto file = ReceivedFile::open(*options.output_file, ReceivedFile::OpenMode::truncate);
    if (!file) return file.error();
    display.output.emplace(std::move(*file));
  }
  if (options.crlf) display.outgoing = crlf_then(nullptr);
  return {};
}

Result<ChildProcess> start_program(const Options& options, const Socket& connection) {
  SpawnOptions spawn;
  spawn.environment = connection_environment(connection);
  auto program = ChildProcess::spawn(options.program, spawn);
  if (program && options.verbose > 0) {
    fmt::print(stderr, "{}\n", trf("Running {} (pid {})", program->name(), program->pid()));
    std::fflush(stderr);
  }
  return program;
}

void wire_program(ChildProcess& program, const Options& options, RelayOptions& relay_options) {
  relay_options.payload = {};
  relay_options.input_fd = program.stdout_fd();
  relay_options.output_fd = program.stdin_fd();
  // The peer's end of stream becomes the end of the program's input.
  relay_options.on_output_done = [&program] { program.close_stdin(); };
  relay_options.half_close = !options.no_shutdown;
  // What the program still writes after the peer's half-close is sent; once
  // its output ends the connection ends too (-q SECS: after that long), as
  // when the program has the socket itself (ncat, inetd).
  relay_options.stop_when_peer_closes = false;
  relay_options.quit_after_input = options.quit_after_eof.value_or(Milliseconds(0));
}

void finish_program(ChildProcess& program, const Options& options, std::optional<int> stopped_by) {
  program.close_stdin();
  program.close_stdout();
  const pid_t pid = program.pid();
  auto ended = stopped_by ? program.stop(*stopped_by, kGrace) : program.wait();
  if (!ended) {
    fmt::print(stderr, "tcpc: {}\n", localized_message(ended.error()));
    return;
  }
  if (options.verbose > 0 || !ended->success()) {
    fmt::print(stderr, "{}\n", ending_text(program.name(), pid, *ended));
    std::fflush(stderr);
  }
}

std::optional<int> stop_signal(StopSignals& stop) {
  const auto code = stop.exit_code();
  if (!code) return std::nullopt;
  return *code == kTerminated ? SIGTERM : SIGINT;
}

Result<int> run_program_listener(const Options& options, Listener& listener, StopSignals& stop,
                                 const std::optional<tls::Context>& tls_context,
                                 std::optional<StatsOutput>& stats) {
  while (!options.keep_listening) {
    if (!stop.wait_for(listener.fd())) return stop.exit_code().value_or(kInterrupted);
    auto client = listener.accept();
    if (!client) return client.error();
    auto admit = admit_client(*client, listener, options);
    if (!admit) return admit.error();
    if (!*admit) continue;  // -l waits for a client it admits
    return serve_client(options, std::move(*client), tls_context, stats, stop);
  }
  auto children = SignalPipe::install({SIGCHLD});
  if (!children) return children.error();
  Handlers handlers;
  for (;;) {
    pollfd fds[3] = {
        {listener.fd(), POLLIN, 0}, {stop.fd(), POLLIN, 0}, {children->fd(), POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return system_error(errno, Operation::system_call, "poll");
    }
    if (fds[1].revents) break;
    if (fds[2].revents) {
      children->take();
      handlers.reap();
    }
    if (!fds[0].revents) continue;
    auto client = listener.accept();
    if (!client) {
      fmt::print(stderr, "tcpc: {}\n", localized_message(client.error()));
      continue;
    }
    auto admit = admit_client(*client, listener, options);
    if (!admit) {
      fmt::print(stderr, "tcpc: {}\n", localized_message(admit.error()));
      continue;
    }
    if (!*admit) continue;
    std::fflush(nullptr);  // nothing buffered may be written twice
    const pid_t pid = ::fork();
    if (pid == 0) serve_in_child(options, listener.fd(), std::move(*client), tls_context, stats);
    if (pid < 0) {
      // The subject is the system call's name, as "poll" above.
      const Error failed = system_error(errno, Operation::system_call, "fork");
      fmt::print(stderr, "tcpc: {}\n", localized_message(failed));
      continue;
    }
    handlers.add(pid);
  }
  handlers.stop(stop_signal(stop));
  return stop.exit_code().value_or(kInterrupted);
}

}  // namespace tcpc::cli
