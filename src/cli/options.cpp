// SPDX-License-Identifier: MIT
#include "options.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>

#include "exit_code.hpp"
#include "tcpc/escape.hpp"
#include "tcpc/hex.hpp"
#include "tcpc/line_endings.hpp"
#include "tcpc/port_scan.hpp"
#include "tcpc/version.hpp"

namespace tcpc::cli {
namespace {

// Everything CLI11 parsed, before it is checked and converted.
struct RawOptions {
  std::vector<std::string> positionals;
  bool listen = false;
  bool keep_listening = false;
  bool ipv4 = false;
  bool ipv6 = false;
  bool numeric = false;
  bool no_stdin = false;
  bool shutdown_on_eof = false;  // -N: tcpc half-closes anyway; accepted for nc scripts
  int verbose = 0;
  std::string source_port;
  std::string source_address;
  double wait_seconds = 0;
  std::string send_text;
  std::string send_hex;
  std::string send_file;
  std::string encoding;
  std::string undecodable = "replace";
  std::uint64_t recv_size = 0;
  bool keep_open = false;
  std::string server_mode;
  bool once = false;
  std::size_t max_clients = 0;

  // netcat options.
  bool udp = false;          // -u
  bool scan = false;         // -z
  bool unix_socket = false;  // -U: the argument is a socket path
  double quit_seconds = -1;  // -q: negative waits for the peer, as nc does by default
  bool crlf = false;         // -C
  long long parallel = -1;   // --parallel; -1: not given
};

Error usage(std::string message) {
  return Error(errc::invalid_argument, "", std::move(message));
}

void define(CLI::App& app, RawOptions& raw) {
  app.add_option("args", raw.positionals, "HOST PORT (client) or [HOST] PORT (with -l)");

  auto* nc = "netcat options";
  app.add_flag("-l", raw.listen, "Listen for a connection instead of connecting")->group(nc);
  app.add_flag("-k", raw.keep_listening, "With -l: after a client leaves, wait for the next one")
      ->group(nc);
  app.add_option("-p", raw.source_port, "Client: source port. With -l: the port to listen on")
      ->group(nc);
  app.add_option("-s", raw.source_address,
                 "Client: source address. With -l: the address to listen on")
      ->group(nc);
  app.add_option("-w", raw.wait_seconds, "Connect and idle timeout in seconds")->group(nc);
  app.add_flag("-v", raw.verbose, "Verbose: connection details on stderr (repeatable)")->group(nc);
  app.add_flag("-n", raw.numeric, "Numeric addresses only, never ask DNS")->group(nc);
  app.add_flag("-4", raw.ipv4, "IPv4 only")->group(nc);
  app.add_flag("-6", raw.ipv6, "IPv6 only")->group(nc);
  app.add_flag("-d", raw.no_stdin, "Do not read stdin")->group(nc);
  app.add_flag("-N", raw.shutdown_on_eof, "Shut down the write side on stdin EOF (always done)")
      ->group(nc);

  auto* data = "Sending";
  auto* send =
      app.add_option("--send", raw.send_text, "Send TEXT (C escapes like \\r\\n\\x00 work)")
          ->group(data);
  auto* hex =
      app.add_option("--hex", raw.send_hex, "Send bytes given as hex: \"48 65 6c\"")->group(data);
  auto* file = app.add_option("--file", raw.send_file, "Send the contents of PATH")->group(data);
  send->excludes(hex, file);
  hex->excludes(file);
  app.add_option("--encoding", raw.encoding,
                 "Text encoding on the wire: utf-8, gbk, gb18030, big5, latin1")
      ->group(data);
  app.add_option("--undecodable", raw.undecodable,
                 "Show undecodable bytes as 'replace' (U+FFFD) or 'escape' (\\xNN)")
      ->group(data);
  app.add_option("--recv-size", raw.recv_size, "Stop after receiving N bytes (guided mode: 1024)")
      ->group(data);
  app.add_flag("--keep-open", raw.keep_open, "One-shot: do not half-close after sending")
      ->group(data);

  auto* server = "Server (-l)";
  app.add_option("--mode", raw.server_mode, "Serve many clients: echo")->group(server);
  app.add_flag("--once", raw.once, "With --mode: serve one client, then exit")->group(server);
  app.add_option("--max-clients", raw.max_clients, "With --mode: at most N clients at once")
      ->group(server);
}

void define_netcat(CLI::App& app, RawOptions& raw) {
  auto* nc = "netcat options";
  app.add_flag("-u", raw.udp, "UDP: each input line is one datagram")->group(nc);
  app.add_flag("-z", raw.scan, "Check which ports accept a connection: -z HOST 22,80,8000-8100")
      ->group(nc);
  app.add_flag("-U", raw.unix_socket, "Unix domain socket: -U PATH (with -l: listen on PATH)")
      ->group(nc);
  app.add_option("-q", raw.quit_seconds, "Quit SECS after stdin ends (implies -N)")->group(nc);
  app.add_flag("-C", raw.crlf, "Send line endings as CRLF")->group(nc);
  app.add_option("--parallel", raw.parallel, "With -z: check up to N ports at once (default 64)")
      ->group(nc);
}

// Flags that contradict each other are refused before any I/O, like nc's
// "cannot use -z and -l", and say why.
Result<void> check_netcat_conflicts(const RawOptions& raw, bool has_data) {
  const bool ip_only = raw.ipv4 || raw.ipv6;
  const bool server = !raw.server_mode.empty() || raw.once;
  if (raw.listen && raw.scan)
    return usage("cannot use -l and -z: -z checks ports, -l waits for a client");
  if (raw.scan && has_data)
    return usage("-z only checks ports: it sends no --send, --hex or --file");
  if (raw.scan && raw.udp) return usage("cannot use -z and -u: UDP has no handshake to check");
  if (raw.scan && !raw.source_port.empty())
    return usage("cannot use -z and -p: each check needs its own source port");
  if (raw.parallel != -1 && !raw.scan) return usage("--parallel is for -z");
  if (raw.parallel != -1 && raw.parallel < 1) return usage("--parallel needs at least 1");
  if (raw.udp && raw.shutdown_on_eof)
    return usage("cannot use -u and -N: UDP has no stream to shut down");
  if (raw.udp && raw.keep_open)
    return usage("cannot use -u and --keep-open: UDP has no stream to keep open");
  if (raw.udp && raw.max_clients)
    return usage("cannot use -u and --max-clients: UDP has no clients to count");
  if (raw.udp && raw.unix_socket)
    return usage("cannot use -u and -U: Unix datagram sockets are not supported");
  if (raw.udp && !raw.listen && raw.positionals.empty()) return usage("-u needs HOST PORT");
  if (raw.unix_socket && ip_only) return usage("cannot use -U with -4 or -6: -U takes a path");
  if (raw.unix_socket && (!raw.source_port.empty() || !raw.source_address.empty()))
    return usage("cannot use -U with -p or -s: -U takes a path");
  if (raw.crlf && !raw.send_hex.empty())
    return usage("cannot use -C and --hex: hex bytes are sent as given");
  if (raw.quit_seconds >= 0 && raw.no_stdin)
    return usage("cannot use -q and -d: -q counts from the end of stdin, which -d never reads");
  if (raw.quit_seconds >= 0 && server)
    return usage("cannot use -q and --mode: a server runs until it is stopped");
  return {};
}

// The netcat options, after the shared ones are converted: -U PATH and
// -z HOST PORTS take the positionals themselves.
Result<void> convert_netcat(const RawOptions& raw, bool has_data, Options& options) {
  if (auto checked = check_netcat_conflicts(raw, has_data); !checked) return checked;
  options.udp = raw.udp;
  options.crlf = raw.crlf;
  if (raw.crlf && options.send_text) options.send_text = to_crlf(*options.send_text);
  if (raw.quit_seconds >= 0)
    options.quit_after_eof = Milliseconds(static_cast<long>(raw.quit_seconds * 1000));
  if (raw.parallel != -1) options.parallel = static_cast<std::size_t>(raw.parallel);

  const auto& args = raw.positionals;
  if (raw.unix_socket) {
    if (args.size() != 1) return usage("-U needs one PATH: tcpc [-l] -U PATH");
    auto path = Endpoint::unix_path(args[0]);
    if (!path) return path.error();
    options.unix_path = *path;
    options.mode = raw.scan ? Mode::scan : has_data ? Mode::oneshot : Mode::pipe;
    return {};
  }
  if (!raw.scan) return {};
  if (args.size() < 2) return usage("-z needs HOST and PORTS: tcpc -z HOST 22,80,8000-8100");
  if (args[0].empty()) return Error(errc::invalid_host, "", "empty host");
  options.host = args[0];
  // nc takes ports as separate arguments ("22 80 8000-8100"); lists work too.
  std::string ports = args[1];
  for (std::size_t i = 2; i < args.size(); ++i)
    ports += "," + args[i];
  auto parsed = parse_port_list(ports);
  if (!parsed) return parsed.error();
  options.scan_ports = std::move(*parsed);
  if (!raw.source_address.empty()) {
    ResolveOptions resolve_options;
    resolve_options.family = options.family;
    resolve_options.passive = true;
    resolve_options.numeric_host = options.numeric;
    auto source = resolve(raw.source_address, 0, resolve_options);
    if (!source) return source.error();
    options.source = source->front();
  }
  options.mode = Mode::scan;
  return {};
}

Result<Options> convert(const RawOptions& raw) {
  Options options;
  options.verbose = raw.verbose;
  options.numeric = raw.numeric;
  options.no_stdin = raw.no_stdin;
  options.keep_listening = raw.keep_listening;
  options.once = raw.once;
  options.max_clients = raw.max_clients;
  options.keep_open = raw.keep_open;
  options.recv_size = raw.recv_size;

  if (raw.ipv4 && raw.ipv6) return usage("cannot use -4 and -6 together");
  options.family = raw.ipv4 ? Family::ipv4 : raw.ipv6 ? Family::ipv6 : Family::any;

  if (raw.wait_seconds < 0) return usage("-w needs a positive number of seconds");
  if (raw.wait_seconds > 0)
    options.timeout = Milliseconds(static_cast<long>(raw.wait_seconds * 1000));

  if (!raw.encoding.empty()) {
    auto encoding = Encoding::find(raw.encoding);
    if (!encoding) return encoding.error();
    options.encoding = *encoding;
  }
  if (raw.undecodable == "escape") {
    options.undecodable = Undecodable::escape;
  } else if (raw.undecodable != "replace") {
    return usage("--undecodable must be 'replace' or 'escape', not '" + raw.undecodable + "'");
  }

  if (!raw.send_text.empty()) {
    auto bytes = parse_escapes(raw.send_text);
    if (!bytes) return bytes.error();
    options.send_text = std::move(*bytes);
  }
  if (!raw.send_hex.empty()) {
    auto bytes = parse_hex(raw.send_hex);
    if (!bytes) return bytes.error();
    options.send_hex = std::move(*bytes);
  }
  if (!raw.send_file.empty()) options.send_file = raw.send_file;
  const bool has_data = options.send_text || options.send_hex || options.send_file;
  if (auto netcat = convert_netcat(raw, has_data, options); !netcat) return netcat.error();

  const auto& args = raw.positionals;
  if (raw.listen) {
    if (has_data) return usage("--send, --hex and --file are for clients, not with -l");
    std::string port_text;
    if (args.size() == 2) {
      options.host = args[0];
      port_text = args[1];
    } else if (args.size() == 1) {
      port_text = options.unix_path ? "0" : args[0];  // -U: the argument was the path
    } else if (args.size() > 2) {
      return usage("too many arguments: -l takes [HOST] PORT");
    }
    if (!raw.source_port.empty()) {
      if (!port_text.empty()) return usage("give the port once: -l PORT or -l -p PORT");
      port_text = raw.source_port;
    }
    if (port_text.empty()) return usage("-l needs a port: tcpc -l [HOST] PORT");
    if (!raw.source_address.empty()) {
      if (!options.host.empty())
        return usage("give the address once: -l HOST PORT or -l -s HOST -p PORT");
      options.host = raw.source_address;
    }
    auto port = parse_port(port_text, /*allow_zero=*/true);
    if (!port) return port.error();
    options.port = *port;
    if (raw.server_mode.empty()) {
      if (raw.once || raw.max_clients) return usage("--once and --max-clients need --mode");
      options.mode = Mode::listen;
    } else if (raw.server_mode == "echo") {
      if (raw.keep_listening)
        return usage("-k is for the single-client relay; --mode serves many clients");
      options.mode = Mode::serve;
    } else {
      return usage("unknown --mode '" + raw.server_mode + "' (supported: echo)");
    }
    return options;
  }

  if (!raw.server_mode.empty() || raw.once || raw.max_clients) {
    return usage("--mode, --once and --max-clients need -l");
  }
  if (raw.keep_listening) return usage("-k needs -l");
  if (options.mode == Mode::scan || options.unix_path) return options;  // see convert_netcat
  if (args.empty()) {
    if (has_data) return usage("HOST and PORT are needed to send data");
    options.mode = Mode::guided;
    return options;
  }
  if (args.size() == 1) return usage("missing PORT: tcpc HOST PORT");
  if (args.size() > 2) return usage("too many arguments: tcpc HOST PORT");
  if (args[0].empty()) return Error(errc::invalid_host, "", "empty host");
  options.host = args[0];
  auto port = parse_port(args[1]);
  if (!port) return port.error();
  options.port = *port;

  if (!raw.source_port.empty() || !raw.source_address.empty()) {
    std::uint16_t source_port = 0;
    if (!raw.source_port.empty()) {
      auto parsed = parse_port(raw.source_port);
      if (!parsed) return parsed.error();
      source_port = *parsed;
    }
    ResolveOptions resolve_options;
    resolve_options.family = options.family;
    resolve_options.passive = true;
    resolve_options.numeric_host = options.numeric;
    auto endpoints = resolve(raw.source_address, source_port, resolve_options);
    if (!endpoints) return endpoints.error();
    options.source = endpoints->front();
  }
  options.mode = has_data ? Mode::oneshot : Mode::pipe;
  return options;
}

}  // namespace

ParseOutcome parse_options(int argc, char** argv) {
  CLI::App app{"tcpc: a TCP client and network debugging assistant", "tcpc"};
  app.set_version_flag("--version", std::string("tcpc ") + kVersion);
  app.footer(R"(Modes:
  tcpc                              guided: the six steps of a TCP client, with prompts
  tcpc HOST PORT --send TEXT        one-shot: send, print the reply, exit
  tcpc HOST PORT                    pipe: stdin to the server, the server to stdout
  tcpc -l [HOST] PORT               listen for one client, relay it like pipe mode
  tcpc -l [HOST] PORT --mode echo   echo server for many clients (Ctrl-C stops it)
  tcpc -u HOST PORT                 UDP: each stdin line is one datagram (-u -l: receive)
  tcpc -z HOST 22,80,8000-8100      port check: which ports accept a connection
  tcpc -U PATH / tcpc -l -U PATH    Unix domain socket client / server

Exit codes: 0 success, 1 network failure (-z: no port open), 2 usage error.)");
  RawOptions raw;
  define(app, raw);
  define_netcat(app, raw);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return {std::nullopt, app.exit(e)};
  } catch (const CLI::CallForVersion& e) {
    return {std::nullopt, app.exit(e)};
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "tcpc: {}\n", e.what());
    return {std::nullopt, kUsage};
  }
  auto options = convert(raw);
  if (!options) {
    fmt::print(stderr, "tcpc: {}\n", options.error().message());
    return {std::nullopt, kUsage};
  }
  return {std::move(*options), kSuccess};
}

}  // namespace tcpc::cli
