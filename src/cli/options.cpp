// SPDX-License-Identifier: MIT
#include "options.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>

#include "exit_code.hpp"
#include "tcpc/escape.hpp"
#include "tcpc/hex.hpp"
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
  RawTlsOptions tls;
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

  define_tls_options(app, raw.tls);
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

  auto tls = convert_tls_options(raw.tls, raw.listen);
  if (!tls) return tls.error();
  options.tls = std::move(*tls);

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

  const auto& args = raw.positionals;
  if (raw.listen) {
    if (has_data) return usage("--send, --hex and --file are for clients, not with -l");
    std::string port_text;
    if (args.size() == 2) {
      options.host = args[0];
      port_text = args[1];
    } else if (args.size() == 1) {
      port_text = args[0];
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
  if (args.empty()) {
    if (has_data) return usage("HOST and PORT are needed to send data");
    if (options.tls.enabled) return usage("--tls needs HOST PORT: guided mode speaks plain TCP");
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
  tcpc --tls HOST 443               any client mode over TLS (certificate verified)

Exit codes: 0 success, 1 network failure, 2 usage error.)");
  RawOptions raw;
  define(app, raw);
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
