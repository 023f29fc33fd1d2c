// SPDX-License-Identifier: MIT
#include "options.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "error_text.hpp"
#include "exit_code.hpp"
#include "help.hpp"
#include "i18n.hpp"
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
  bool stats = false;
  double stats_interval = 0;
  bool json = false;
  std::string json_file;

  std::string view;
  bool time = false;
  std::string output_file;
  std::string repeat;
  std::string interval;
  std::string eol;
  bool interactive = false;
  bool raw_relay = false;
  std::string reply;
  std::string reply_hex;
  std::string source_bytes;

  // netcat options.
  bool udp = false;          // -u
  bool scan = false;         // -z
  bool unix_socket = false;  // -U: the argument is a socket path
  double quit_seconds = -1;  // -q: negative waits for the peer, as nc does by default
  bool crlf = false;         // -C
  long long parallel = -1;   // --parallel; -1: not given
  RawTlsOptions tls;
};

// "--mode reply TEXT" and "--mode source N" read like the grammar;
// CLI11 takes one value per option, so the word after such a mode is turned
// into the long option it stands for (--reply TEXT, --source-bytes N).
std::vector<std::string> expand_mode_words(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  for (std::size_t i = 1; i + 1 < args.size(); ++i) {
    std::string mode;
    std::size_t next = i + 1;
    if (args[i] == "--mode" && i + 2 < args.size()) {
      mode = args[i + 1];
      next = i + 2;
    } else if (args[i].starts_with("--mode=")) {
      mode = args[i].substr(7);
    } else {
      continue;
    }
    if (args[next].starts_with("-") && args[next].size() > 1) continue;
    if (mode == "reply") {
      args.insert(args.begin() + static_cast<std::ptrdiff_t>(next), "--reply");
    } else if (mode == "source") {
      args.insert(args.begin() + static_cast<std::ptrdiff_t>(next), "--source-bytes");
    }
  }
  return args;
}

Result<std::uint64_t> parse_whole_number(const std::string& text, const std::string& option) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Error(errc::invalid_argument, "", option + " needs a whole number, not '" + text + "'");
  }
  return value;
}

Error usage(std::string message) {
  return Error(errc::invalid_argument, "", std::move(message));
}

// One function per --help section; within each, options in --help's order.
void define_client(CLI::App& client, RawOptions& raw) {
  client
      .add_option("-p", raw.source_port, tr("Client: source port. With -l: the port to listen on"))
      ->type_name("PORT");
  client
      .add_option("-s", raw.source_address,
                  tr("Client: source address. With -l: the address to listen on"))
      ->type_name("ADDR");
  client.add_option("-w", raw.wait_seconds, tr("Connect and idle timeout in seconds"))
      ->type_name("SECS");
  client.add_flag("-v", raw.verbose, tr("Verbose: connection details on stderr (repeatable)"));
  client.add_flag("-n", raw.numeric, tr("Numeric addresses only, never ask DNS"));
  client.add_flag("-4", raw.ipv4, tr("IPv4 only"));
  client.add_flag("-6", raw.ipv6, tr("IPv6 only"));
  client
      .add_option("--recv-size", raw.recv_size,
                  tr("Stop after receiving N bytes (guided mode: 1024)"))
      ->type_name("N");
  auto* interactive = client.add_flag("--interactive", raw.interactive,
                                      tr("Interactive session even without a terminal"));
  client.add_flag("--raw", raw.raw_relay, tr("Byte-exact relay even on a terminal"))
      ->excludes(interactive);
  client.add_flag("-u", raw.udp, tr("UDP: each input line is one datagram"));
  client.add_flag("-z", raw.scan,
                  tr("Check which ports accept a connection: -z HOST 22,80,8000-8100"));
  client.add_flag("-U", raw.unix_socket,
                  tr("Unix domain socket: -U PATH (with -l: listen on PATH)"));
  client
      .add_option("--parallel", raw.parallel,
                  tr("With -z: check up to N ports at once (default 64)"))
      ->type_name("N");
}

void define_server(CLI::App& server, RawOptions& raw) {
  server.add_flag("-l", raw.listen, tr("Listen for a connection instead of connecting"));
  server.add_flag("-k", raw.keep_listening,
                  tr("With -l: after a client leaves, wait for the next one"));
  server
      .add_option("--mode", raw.server_mode,
                  tr("Serve many clients: echo, discard, print, reply TEXT, source N"))
      ->type_name("MODE");
  auto* reply_text = server
                         .add_option("--reply", raw.reply,
                                     tr("reply mode: answer every chunk with TEXT (C escapes)"))
                         ->type_name("TEXT");
  server
      .add_option("--reply-hex", raw.reply_hex,
                  tr("reply mode: answer every chunk with these bytes"))
      ->type_name("HEX")
      ->excludes(reply_text);
  server
      .add_option("--source-bytes", raw.source_bytes, tr("source mode: bytes to send each client"))
      ->type_name("N");
  server.add_flag("--once", raw.once, tr("With --mode: serve one client, then exit"));
  server.add_option("--max-clients", raw.max_clients, tr("With --mode: at most N clients at once"))
      ->type_name("N");
}

void define_sending(CLI::App& data, RawOptions& raw) {
  auto* send =
      data.add_option("--send", raw.send_text, tr("Send TEXT (C escapes like \\r\\n\\x00 work)"))
          ->type_name("TEXT");
  auto* hex = data.add_option("--hex", raw.send_hex, tr("Send bytes given as hex: \"48 65 6c\""))
                  ->type_name("HEX");
  auto* file =
      data.add_option("--file", raw.send_file, tr("Send the contents of PATH"))->type_name("PATH");
  send->excludes(hex, file);
  hex->excludes(file);
  data.add_flag("--keep-open", raw.keep_open, tr("One-shot: do not half-close after sending"));
  data.add_option("--repeat", raw.repeat, tr("Send the data N times (0: until stopped)"))
      ->type_name("N");
  data.add_option("--interval", raw.interval, tr("Seconds between repeated sends (default 1)"))
      ->type_name("SECS");
  data.add_option("--eol", raw.eol,
                  tr("Interactive: line ending for typed lines: none, lf, crlf, cr"))
      ->type_name("EOL");
}

void define_display(CLI::App& display, RawOptions& raw) {
  display
      .add_option("--encoding", raw.encoding,
                  tr("Text encoding on the wire: utf-8, gbk, gb18030, big5, latin1"))
      ->type_name("NAME");
  display
      .add_option("--undecodable", raw.undecodable,
                  tr("Show undecodable bytes as 'replace' (U+FFFD) or 'escape' (\\xNN)"))
      ->type_name("HOW");
  display
      .add_option("--view", raw.view, tr("Show data as text, hex (offset/hex/ASCII dump) or both"))
      ->type_name("VIEW");
  display.add_flag("--time", raw.time, tr("Show each chunk with its local time (HH:MM:SS.mmm)"));
  display
      .add_option("-o,--output", raw.output_file,
                  tr("Also save the received bytes, exactly, to FILE"))
      ->type_name("FILE");
}

void define_stats(CLI::App& stats, RawOptions& raw) {
  stats.add_flag("--stats", raw.stats,
                 tr("At the end of each connection, print TCP statistics on stderr"));
  stats
      .add_option("--stats-interval", raw.stats_interval,
                  tr("Also print one line of statistics every SECS seconds"))
      ->type_name("SECS");
  stats.add_flag("--json", raw.json,
                 tr("Statistics as JSON on stderr instead of text (docs/stats.md)"));
  stats.add_option("--json-file", raw.json_file, tr("Write the statistics as JSON to PATH"))
      ->type_name("PATH");
}

void define_tls(CLI::App& tls, RawOptions& raw) {
  define_tls_options(tls, raw.tls);
}

void define_netcat(CLI::App& nc, RawOptions& raw) {
  nc.add_flag("-d", raw.no_stdin, tr("Do not read stdin"));
  nc.add_flag("-N", raw.shutdown_on_eof, tr("Shut down the write side on stdin EOF (always done)"));
  nc.add_option("-q", raw.quit_seconds, tr("Quit SECS after stdin ends (implies -N)"))
      ->type_name("SECS");
  nc.add_flag("-C", raw.crlf, tr("Send line endings as CRLF"));
}

// The --help sections and the names of their options, as CLI11 writes them
// ("-o,--output"). Only the sections that the command line names are
// defined: CLI11 builds each option's object at start-up (about 5,000
// instructions apiece, and at 55 options half of what a one-shot exchange
// executes), and a section none of whose names appears among the arguments
// cannot change how they parse. --help defines them all. The unit test
// OptionSections checks each list against what its function defines.
struct Section {
  const char* label;  // a help:: msgid ("TLS" has no translation, so tr() keeps it)
  void (*define)(CLI::App&, RawOptions&);
  std::string_view names;  // separated by spaces, an option's own names by commas
};

constexpr Section kSections[] = {
    {help::kClient, define_client,
     "-p -s -w -v -n -4 -6 --recv-size --interactive --raw -u -z -U --parallel"},
    {help::kServer, define_server,
     "-l -k --mode --reply --reply-hex --source-bytes --once --max-clients"},
    {help::kSending, define_sending, "--send --hex --file --keep-open --repeat --interval --eol"},
    {help::kDisplay, define_display, "--encoding --undecodable --view --time -o,--output"},
    {help::kStats, define_stats, "--stats --stats-interval --json --json-file"},
    {help::kTls, define_tls,
     "--tls --cafile --capath --insecure --servername --alpn --cert --key --tls-min "
     "--verify-client"},
    {help::kNetcat, define_netcat, "-d -N -q -C"},
};

// Whether `arg` could stand for one of `names` ("-o,--output" style): a
// long option with or without "=VALUE", or a cluster of short ones ("-vn",
// "-w5": every letter is tried, which errs on the side of defining more).
bool may_name(std::string_view arg, const Section& section) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  std::string_view names = section.names;
  while (!names.empty()) {
    const std::size_t end = names.find_first_of(" ,");
    const std::string_view name = names.substr(0, end);
    names = end == std::string_view::npos ? std::string_view() : names.substr(end + 1);
    if (name.starts_with("--")) {
      if (arg == name || (arg.starts_with(name) && arg[name.size()] == '=')) return true;
    } else if (!arg.starts_with("--") && arg.find(name[1], 1) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool asks_for_help(std::string_view arg) {
  return arg == "--help" || (arg.size() >= 2 && arg[0] == '-' && arg[1] != '-' &&
                             arg.find('h', 1) != std::string_view::npos);
}

void define(CLI::App& app, RawOptions& raw, const std::vector<std::string>& args, bool every) {
  app.add_option("args", raw.positionals, tr("HOST PORT (client) or [HOST] PORT (with -l)"));
  every = every || std::any_of(args.begin(), args.end(),
                               [](const std::string& arg) { return asks_for_help(arg); });
  for (const Section& section : kSections) {
    const bool named = std::any_of(args.begin(), args.end(),
                                   [&](const std::string& arg) { return may_name(arg, section); });
    if (!every && !named) continue;
    section.define(help::options_in(app, tr(section.label)), raw);
  }
}

// --stats and friends; see StatsOptions.
Result<StatsOptions> convert_stats(const RawOptions& raw) {
  StatsOptions stats;
  if (raw.stats_interval < 0 || (raw.stats_interval > 0 && raw.stats_interval < 0.1)) {
    return usage("--stats-interval needs at least 0.1 seconds");
  }
  stats.interval = Milliseconds(static_cast<long>(raw.stats_interval * 1000));
  const bool wanted = raw.stats || raw.stats_interval > 0;
  if (!raw.json_file.empty()) stats.json_file = raw.json_file;
  // --json turns the text into JSON; --json-file sends the JSON to a file.
  stats.text = wanted && !raw.json;
  stats.json = raw.json && !stats.json_file;
  return stats;
}

// --view, --time, -o, --eol, --repeat, --interval.
Result<void> convert_display(const RawOptions& raw, Options& options) {
  if (!raw.view.empty()) {
    auto view = parse_view(raw.view);
    if (!view) return usage("--view: " + view.error().message());
    options.view = *view;
  }
  options.show_time = raw.time;
  if (!raw.output_file.empty()) options.output_file = raw.output_file;
  if (!raw.eol.empty()) {
    auto eol = parse_line_ending(raw.eol);
    if (!eol) return usage("--eol: " + eol.error().message());
    options.eol = *eol;
  }
  options.raw_relay = raw.raw_relay;
  if (!raw.repeat.empty()) {
    auto repeat = parse_whole_number(raw.repeat, "--repeat");
    if (!repeat) return repeat.error();
    options.repeat = *repeat;
  }
  if (!raw.interval.empty()) {
    if (raw.repeat.empty()) return usage("--interval goes with --repeat");
    double seconds = -1;
    const char* end = raw.interval.data() + raw.interval.size();
    auto parsed = std::from_chars(raw.interval.data(), end, seconds, std::chars_format::fixed);
    if (parsed.ec != std::errc() || parsed.ptr != end || !(seconds >= 0 && seconds <= 86'400)) {
      return usage("--interval needs seconds from 0 to 86400, not '" + raw.interval + "'");
    }
    options.interval = Milliseconds(std::llround(seconds * 1000));
  }
  return {};
}

// -l --mode and its parameters.
Result<void> convert_server_mode(const RawOptions& raw, Options& options) {
  const bool has_reply = !raw.reply.empty() || !raw.reply_hex.empty();
  std::string mode = raw.server_mode;
  if (mode.empty() && has_reply) mode = "reply";
  if (mode == "echo") {
    options.server_mode = ServerMode::echo;
  } else if (mode == "discard") {
    options.server_mode = ServerMode::discard;
  } else if (mode == "print") {
    options.server_mode = ServerMode::print;
  } else if (mode == "reply") {
    options.server_mode = ServerMode::reply;
    if (!raw.reply_hex.empty()) {
      auto bytes = parse_hex(raw.reply_hex);
      if (!bytes) return bytes.error();
      options.reply = std::move(*bytes);
    } else if (!raw.reply.empty()) {
      auto text = parse_escapes(raw.reply);
      if (!text) return text.error();
      options.reply = std::move(*text);
      if (options.encoding && !options.encoding->is_utf8()) {
        auto encoded = encode(*options.encoding, options.reply);
        if (!encoded) return encoded.error();
        options.reply = std::move(*encoded);
      }
    }
    if (options.reply.empty()) {
      return usage("--mode reply needs the reply: --mode reply TEXT or --reply-hex HEX");
    }
  } else if (mode == "source") {
    options.server_mode = ServerMode::source;
    if (raw.source_bytes.empty()) return usage("--mode source needs a size: --mode source N");
    auto size = parse_whole_number(raw.source_bytes, "--mode source");
    if (!size) return size.error();
    options.source_bytes = *size;
  } else {
    return usage("unknown --mode '" + mode + "' (supported: echo, discard, print, reply, source)");
  }
  if (has_reply && options.server_mode != ServerMode::reply) {
    return usage("--reply and --reply-hex are for --mode reply");
  }
  if (!raw.source_bytes.empty() && options.server_mode != ServerMode::source) {
    return usage("--source-bytes is for --mode source");
  }
  if (options.output_file) return usage("-o is for client and listen modes, not --mode");
  return {};
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
  if (raw.udp && raw.interactive)
    return usage("cannot use -u and --interactive: the session is for TCP connections");
  if (raw.udp && raw.stats_interval > 0)
    return usage("cannot use -u and --stats-interval: UDP is reported once, at the end (--stats)");
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
  if (args[0].empty())
    return Error(errc::invalid_host, Operation::none, {}, Reason::empty_host, {});
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
  auto stats = convert_stats(raw);
  if (!stats) return stats.error();
  options.stats = *stats;

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

  if (auto display = convert_display(raw, options); !display) return display.error();

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
    if (!raw.repeat.empty()) return usage("--repeat needs --send, --hex or --file");
    // print mode's console comes by itself on a terminal (--raw: never).
    if (raw.interactive) return usage("--interactive is for HOST PORT, not -l");
    if (raw.server_mode.empty() && raw.reply.empty() && raw.reply_hex.empty() &&
        raw.source_bytes.empty()) {
      if (raw.once || raw.max_clients) return usage("--once and --max-clients need --mode");
      options.mode = Mode::listen;
    } else {
      if (raw.keep_listening)
        return usage("-k is for the single-client relay; --mode serves many clients");
      if (options.stats.interval.count() > 0)
        return usage(
            "--stats-interval is for one connection at a time; --mode reports each "
            "client when it leaves (use --stats)");
      if (auto mode = convert_server_mode(raw, options); !mode) return mode.error();
      options.mode = Mode::serve;
    }
    return options;
  }

  if (!raw.server_mode.empty() || raw.once || raw.max_clients || !raw.reply.empty() ||
      !raw.reply_hex.empty() || !raw.source_bytes.empty()) {
    return usage("--mode, --once, --max-clients, --reply and --source-bytes need -l");
  }
  if (raw.keep_listening) return usage("-k needs -l");
  if (!raw.repeat.empty() && !has_data) return usage("--repeat needs --send, --hex or --file");
  if (options.mode == Mode::scan || options.unix_path) return options;  // see convert_netcat
  if (args.empty()) {
    if (has_data) return usage("HOST and PORT are needed to send data");
    if (options.stats.interval.count() > 0)
      return usage("--stats-interval needs a transfer: tcpc HOST PORT or tcpc -l PORT");
    if (raw.interactive) return usage("--interactive needs HOST and PORT");
    options.mode = Mode::guided;
    return options;
  }
  if (args.size() == 1) return usage("missing PORT: tcpc HOST PORT");
  if (args.size() > 2) return usage("too many arguments: tcpc HOST PORT");
  if (args[0].empty())
    return Error(errc::invalid_host, Operation::none, {}, Reason::empty_host, {});
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
  if (raw.interactive) {
    if (has_data) return usage("--interactive cannot be used with --send, --hex or --file");
    if (raw.no_stdin) return usage("--interactive reads the terminal; it cannot be used with -d");
    options.mode = Mode::session;
  } else if (options.mode == Mode::pipe && !raw.udp && !raw.raw_relay && !raw.no_stdin &&
             ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO)) {
    // On a terminal, like redis-cli and psql; through pipes always the relay.
    options.mode = Mode::session;
  }
  return options;
}

}  // namespace

DisplayOptions display_options(const Options& options) {
  DisplayOptions display;
  display.view = options.view;
  display.time = options.show_time;
  display.encoding = options.encoding;
  display.undecodable = options.undecodable;
  // What a peer sends must not take over the terminal; pipes stay byte-exact.
  display.terminal = !options.raw_relay && ::isatty(STDOUT_FILENO);
  return display;
}

ParseOutcome parse_options(int argc, char** argv, bool every_section) {
  CLI::App app{"", "tcpc"};
  help::set_up(app, std::string("tcpc ") + kVersion);
  RawOptions raw;
  std::vector<std::string> expanded = expand_mode_words(argc, argv);
  define(app, raw, {expanded.begin() + std::min<std::ptrdiff_t>(1, argc), expanded.end()},
         every_section);
  std::vector<char*> expanded_argv;
  for (std::string& arg : expanded)
    expanded_argv.push_back(arg.data());
  try {
    app.parse(static_cast<int>(expanded_argv.size()), expanded_argv.data());
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
    fmt::print(stderr, "tcpc: {}\n", localized_message(options.error()));
    return {std::nullopt, kUsage};
  }
  return {std::move(*options), kSuccess};
}

std::vector<SectionNames> section_names() {
  std::vector<SectionNames> out;
  for (const Section& section : kSections) {
    CLI::App app;
    RawOptions raw;
    section.define(app, raw);
    SectionNames names{section.label, std::string(section.names), ""};
    for (const CLI::Option* option : app.get_options()) {
      if (option == app.get_help_ptr()) continue;
      if (!names.defined.empty()) names.defined += ' ';
      names.defined += option->get_name(false, true);
    }
    out.push_back(std::move(names));
  }
  return out;
}

}  // namespace tcpc::cli
