// SPDX-License-Identifier: MIT
// Client modes. One-shot (--send/--hex/--file): send, print the reply, exit.
// Pipe (HOST PORT): stdin to the server and the server to stdout at once.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

#include "error_text.hpp"
#include "exec_program.hpp"
#include "exit_code.hpp"
#include "i18n.hpp"
#include "modes.hpp"
#include "netcat.hpp"
#include "relay_display.hpp"
#include "repeat_source.hpp"
#include "stats_output.hpp"
#include "stop_signals.hpp"
#include "tcpc/checksum.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/line_endings.hpp"
#include "tcpc/macro.hpp"
#include "tcpc/proxy.hpp"
#include "tcpc/proxy_handshake.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/text_transform.hpp"
#include "tls_session.hpp"

namespace tcpc::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Without -w: long enough for a slow network, short enough that a host that
// never answers does not look like a hang.
constexpr Milliseconds kDefaultConnectTimeout{10'000};
// One-shot waits this long for a reply when -w is not given.
constexpr Milliseconds kDefaultReplyTimeout{5'000};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::chrono::microseconds elapsed_us(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
}

}  // namespace

// Opens --file for streaming; a missing file or a directory is bad input.
Result<Fd> open_input_file(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return Error(errc::invalid_argument, "--file " + path, std::strerror(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) == 0 && S_ISDIR(info.st_mode)) {
    return Error(errc::invalid_argument, "--file " + path, tr("is a directory"));
  }
  return fd;
}

namespace {

// -x: the proxy resolves and connects; its name is resolved inside connect().
Result<Socket> connect_through_proxy(const Options& options,
                                     const ConnectOptions& connect_options) {
  const auto start = Clock::now();
  auto socket = connect(*options.proxy, options.host, options.port, connect_options);
  if (socket && options.verbose > 0) {
    auto local = socket->local_endpoint();
    fmt::print(stderr, "{}\n",
               trf("Connected to {} through {} proxy {} from {} in {:.1f} ms",
                   proxy::to_string({options.host, options.port}),
                   to_string(options.proxy->protocol), socket->peer().to_string(),
                   local ? local->to_string() : std::string("?"), seconds_since(start) * 1000));
  }
  return socket;
}

}  // namespace

Result<Socket> connect_to(const Options& options, ConnectTiming* timing) {
  ConnectOptions connect_options;
  connect_options.timeout = options.timeout.value_or(kDefaultConnectTimeout);
  connect_options.local = options.source;
  connect_options.settings = options.socket_settings;
  if (options.proxy) {
    const auto start = Clock::now();
    auto socket = connect_through_proxy(options, connect_options);
    if (timing) timing->connect = elapsed_us(start);
    return socket;
  }

  ResolveOptions resolve_options;
  resolve_options.family = options.family;
  resolve_options.numeric_host = options.numeric;
  const auto resolve_start = Clock::now();
  auto endpoints = options.unix_path ? Result(std::vector<Endpoint>{*options.unix_path})
                                     : resolve(options.host, options.port, resolve_options);
  if (!endpoints) return endpoints.error();
  if (timing) timing->resolve = elapsed_us(resolve_start);

  const auto start = Clock::now();
  auto socket = connect(*endpoints, connect_options);
  if (timing) timing->connect = elapsed_us(start);
  if (socket && options.verbose > 0) {
    auto local = socket->local_endpoint();
    fmt::print(stderr, "{}\n",
               trf("Connected to {} from {} in {:.1f} ms", socket->peer().to_string(),
                   local ? local->to_string() : std::string("?"), seconds_since(start) * 1000));
  }
  return socket;
}

namespace {

// --file with --append: the file is one message, so it is read whole to
// put its checksum after it. Kept to a size that memory takes easily.
constexpr std::size_t kMaxAppendedFile = 16 * 1024 * 1024;

Result<std::string> read_whole(const Fd& file, const std::string& path) {
  std::string bytes;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(file.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return system_error(errno, Operation::read_file, path);
    if (n == 0) return bytes;
    bytes.append(buffer, static_cast<std::size_t>(n));
    if (bytes.size() > kMaxAppendedFile)
      return usage("--append reads --file whole to append to it: {} is larger than 16 MiB", path);
  }
}

// --send or --hex with macros: each repetition's bytes, made as the first
// were (encoded, -C). Empty without macros: the payload is the same each time.
static std::function<std::string(std::uint64_t)> macro_payload(const Options& options) {
  if (!options.send_macros) return {};
  return [&options](std::uint64_t seq) {
    MacroContext context;
    context.seq = seq;
    std::string bytes = expand(*options.send_macros, context).value();  // no captures: cannot fail
    if (options.send_hex) return bytes;
    if (options.crlf) bytes = to_crlf(bytes);
    if (options.encoding && !options.encoding->is_utf8()) {
      auto encoded = encode(*options.encoding, bytes);
      if (encoded) return std::move(*encoded);
    }
    return bytes;
  };
}

// What goes to the server: --file, --hex, --send (encoded), or stdin (-d:
// nothing), with --append's checksums after a message. `payload` and `file`
// must outlive the relay that reads them.
Result<void> prepare_input(const Options& options, RelayOptions& relay_options,
                           std::string& payload, Fd& file) {
  if (options.send_file && !options.append.empty()) {
    auto opened = open_input_file(*options.send_file);
    if (!opened) return opened.error();
    auto bytes = read_whole(*opened, *options.send_file);
    if (!bytes) return bytes.error();
    // -C's CRLF comes first, as the relay's transform would have put it.
    payload = append_checksums(options.append, options.crlf ? to_crlf(*bytes) : *bytes);
    relay_options.input_fd = -1;
  } else if (options.send_file) {
    auto opened = open_input_file(*options.send_file);
    if (!opened) return opened.error();
    file = std::move(*opened);
    relay_options.input_fd = file.get();
  } else if (options.send_hex) {
    payload = *options.send_hex;
    relay_options.input_fd = -1;
  } else if (options.send_text) {
    if (options.encoding && !options.encoding->is_utf8()) {
      auto encoded = encode(*options.encoding, *options.send_text);
      if (!encoded) return encoded.error();
      payload = std::move(*encoded);
    } else {
      payload = *options.send_text;
    }
    relay_options.input_fd = -1;
  } else if (options.no_stdin) {
    relay_options.input_fd = -1;
  }
  if ((options.send_hex || options.send_text) && !options.append.empty())
    payload = append_checksums(options.append, payload);
  relay_options.payload = payload;
  if (relay_options.input_fd == STDIN_FILENO) return check_stdin();
  return {};
}

// When the relay ends: a one-shot waits for the reply; pipe mode follows
// its input and the server.
void set_endings(const Options& options, bool repeating, RelayOptions& relay_options) {
  relay_options.quit_after_input = options.quit_after_eof.value_or(Milliseconds(-1));
  if (options.mode == Mode::oneshot) {
    relay_options.half_close = !options.no_shutdown;
    relay_options.stop_when_peer_closes = true;
    relay_options.idle_timeout = options.timeout.value_or(kDefaultReplyTimeout);
    // Quiet gaps between repeated sends are expected, not a dead server.
    if (repeating) relay_options.idle_timeout += options.interval;
  } else {
    // nc -d sends nothing and keeps its side open; otherwise stdin EOF is
    // passed on as a half-close.
    relay_options.half_close = !options.no_stdin && !options.no_shutdown;
    // A person at a terminal expects tcpc to end when the server hangs up.
    relay_options.stop_when_peer_closes = options.no_stdin || ::isatty(STDIN_FILENO);
    relay_options.idle_timeout = options.timeout.value_or(Milliseconds(0));
  }
}

// After the relay: -v's totals, -o's failure, Ctrl-C, a one-shot's missing reply.
Result<int> client_outcome(const Options& options, const RelayTotals& totals,
                           const RelayOptions& relay_options, const RelayDisplay& display,
                           StopSignals& stop, const Endpoint& peer, double seconds) {
  if (options.verbose > 0) {
    fmt::print(stderr, "{}\n", totals_line(totals.bytes_sent, totals.bytes_received, seconds));
    if (totals.bytes_spliced > 0)
      fmt::print(stderr, "{}\n",
                 trf("{} of them without a copy (splice or sendfile)", totals.bytes_spliced));
  }
  if (display.output && display.output->error()) return *display.output->error();
  if (totals.cancelled) return stop.exit_code().value_or(kInterrupted);
  if (options.mode == Mode::oneshot && totals.timed_out && totals.bytes_received == 0) {
    const auto waited = relay_options.idle_timeout.count() / 1000.0;
    return Error(std::make_error_code(std::errc::timed_out), Operation::receive, peer.to_string(),
                 Reason::no_reply, {fmt::format("{:g}", waited)});
  }
  return kSuccess;
}

}  // namespace

Result<int> run_client(const Options& options) {
  if (options.pass_fd) return pass_connection(options);
  const bool oneshot = options.mode == Mode::oneshot;
  const bool runs_program = !options.program.empty();  // --exec: its output is the input
  RelayOptions relay_options;
  relay_options.receive_limit = options.recv_size;

  // Check and prepare everything the user gave before touching the network.
  std::string payload;
  Fd file;
  if (!runs_program) {
    if (auto input = prepare_input(options, relay_options, payload, file); !input)
      return input.error();
  }
  auto stats = StatsOutput::open(options.stats);
  if (!stats) return stats.error();

  const bool repeating = oneshot && options.repeat != 1;
  // Pipe mode converts what is typed; files and one-shot data go as given.
  RelayDisplay display;
  const bool show_sent = oneshot && !options.send_file;
  if (runs_program) {
    if (auto made = make_program_display(options, display); !made) return made.error();
  } else {
    if (auto made = make_relay_display(options, !oneshot, show_sent, display); !made)
      return made.error();
    if (options.crlf && relay_options.input_fd >= 0) {
      display.outgoing = crlf_then(std::move(display.outgoing));
    }
  }
  TelnetAnswer telnet;  // -t: refusals sent once connected
  if (options.telnet) display.observers.add(&telnet);
  display.attach(relay_options);
  set_endings(options, repeating, relay_options);

  auto tls_context = client_context(options);  // before any I/O: bad files are usage errors
  if (!tls_context) return tls_context.error();

  ConnectTiming timing;
  auto socket = connect_to(options, &timing);
  if (!socket) return socket.error();
  telnet.fd = socket->fd();
  // --repeat: a writer thread feeds the data (or file) to the relay N times,
  // the intervals counted from the connection.
  std::unique_ptr<RepeatSource> repeater;
  if (repeating) {
    auto started = RepeatSource::start(payload, std::move(file), options.repeat, options.interval,
                                       macro_payload(options));
    if (!started) return started.error();
    repeater = std::move(*started);
    relay_options.payload = {};
    relay_options.input_fd = repeater->read_fd();
  }
  const auto start = Clock::now();
  std::unique_ptr<tls::TlsStream> tls_stream;
  if (*tls_context) {
    auto started = start_client_tls(std::move(*socket), **tls_context, options.host, options);
    if (!started) return started.error();
    tls_stream = std::move(*started);
  }
  const Socket& tcp = tls_stream ? tls_stream->socket() : *socket;
  std::optional<StatsMeter> meter;
  if (*stats) attach_meter(meter, **stats, tcp, Role::client, relay_options, display.observers);
  // Ctrl-C or SIGTERM ends the relay; the totals are still printed.
  auto stop = StopSignals::install();
  if (!stop) return stop.error();
  relay_options.cancel_fd = stop->fd();
  // After the signals are ours: a stop from now on reaches the program too.
  std::optional<ChildProcess> program;
  if (runs_program) {
    auto started = start_program(options, tcp);
    if (!started) return started.error();
    program.emplace(std::move(*started));
    wire_program(*program, options, relay_options);
  }
  auto totals =
      tls_stream ? relay_tls(*tls_stream, relay_options, options) : relay(*socket, relay_options);
  // Also after a failure: how a connection died is worth seeing.
  if (meter) {
    (*stats)->finish(*meter, totals && !totals->timed_out && !totals->cancelled, timing.resolve,
                     timing.connect);
  }
  if (program) {
    finish_program(*program, options,
                   totals && totals->cancelled ? stop_signal(*stop) : std::nullopt);
  }
  if (!totals) return totals.error();
  return client_outcome(options, *totals, relay_options, display, *stop,
                        tls_stream ? tls_stream->peer() : socket->peer(), seconds_since(start));
}

}  // namespace tcpc::cli
