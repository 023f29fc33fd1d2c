// SPDX-License-Identifier: MIT
// Option values checked and converted into Options. Pure: nothing here
// resolves a name, opens a file or asks the terminal (option_setup.cpp does).
#include <charconv>
#include <cmath>

#include "error_text.hpp"
#include "option_raw.hpp"
#include "tcpc/checksum.hpp"
#include "tcpc/child_process.hpp"
#include "tcpc/escape.hpp"
#include "tcpc/hex.hpp"
#include "tcpc/line_endings.hpp"
#include "tcpc/macro.hpp"
#include "tcpc/port_scan.hpp"
#include "tcpc/reply_rules.hpp"
#include "tcpc/socket_options.hpp"

namespace tcpc::cli::parsing {
namespace {

Result<std::uint64_t> parse_whole_number(const std::string& text, const std::string& option) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return usage("{} needs a whole number, not '{}'", option, text);
  }
  return value;
}

// -I, -O: nc takes 1 to 2^30 bytes.
Result<std::optional<int>> buffer_size(const std::string& text, const char* option) {
  if (text.empty()) return std::optional<int>();
  auto value = parse_whole_number(text, option);
  if (!value) return value.error();
  if (*value < 1 || *value > (std::uint64_t{1} << 30))
    return usage("{} needs a size from 1 to 1073741824 bytes, not '{}'", option, text);
  return std::optional<int>(static_cast<int>(*value));
}

// -M, -m: a TTL or hop limit, 0-255 as nc takes it.
Result<std::optional<int>> hop_count(const std::string& text, const char* option) {
  if (text.empty()) return std::optional<int>();
  auto value = parse_whole_number(text, option);
  if (!value) return value.error();
  if (*value > 255) return usage("{} needs a TTL from 0 to 255, not '{}'", option, text);
  return std::optional<int>(static_cast<int>(*value));
}

// nc's socket options: -b -D -I -O -T -M -m.
Result<void> convert_socket_settings(const RawOptions& raw, SocketSettings& settings) {
  settings.broadcast = raw.broadcast;
  settings.debug = raw.debug;
  auto receive = buffer_size(raw.receive_buffer, "-I");
  if (!receive) return receive.error();
  settings.receive_buffer = *receive;
  auto send = buffer_size(raw.send_buffer, "-O");
  if (!send) return send.error();
  settings.send_buffer = *send;
  if (!raw.traffic_class.empty()) {
    settings.traffic_class = parse_traffic_class(raw.traffic_class);
    if (!settings.traffic_class)
      return usage(
          "-T needs lowdelay, throughput, reliability, critical, inetcontrol, netcontrol, "
          "af11-af43, cs0-cs7, ef, va or a number from 0 to 255, not '{}'",
          raw.traffic_class);
  }
  auto ttl = hop_count(raw.ttl, "-M");
  if (!ttl) return ttl.error();
  settings.ttl = *ttl;
  auto min_ttl = hop_count(raw.min_ttl, "-m");
  if (!min_ttl) return min_ttl.error();
  settings.min_ttl = *min_ttl;
  return {};
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
    if (!view) return usage("--view: {}", view.error().message());
    options.view = *view;
  }
  options.show_time = raw.time;
  if (!raw.frame.empty()) {
    auto frame = parse_frame_spec(raw.frame);
    if (!frame) return usage("--frame: {}", frame.error().message());
    if (raw.raw_relay) return usage("--frame shows frames; --raw relays the bytes as they came");
    options.frame = std::move(*frame);
    options.json_frames = raw.json;
  }
  if (!raw.output_file.empty()) options.output_file = raw.output_file;
  if (!raw.eol.empty()) {
    auto eol = parse_line_ending(raw.eol);
    if (!eol) return usage("--eol: {}", eol.error().message());
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
      return usage("--interval needs seconds from 0 to 86400, not '{}'", raw.interval);
    }
    options.interval = Milliseconds(std::llround(seconds * 1000));
  }
  return {};
}

// Reply by rule: --rule, --rules, --rule-delay; also a reply with macros or
// with --frame, which becomes the default rule (* => TEXT).
Result<void> convert_rules(const RawOptions& raw, Options& options) {
  const bool by_rule = !raw.rules.empty() || !raw.rules_file.empty() || !raw.rule_delay.empty();
  std::optional<std::string> fallback;
  if (!raw.reply_hex.empty()) fallback = "* => hex:" + raw.reply_hex;
  if (!raw.reply.empty()) fallback = "* => " + raw.reply;
  bool macros = false;
  if (!raw.reply.empty()) {
    auto parsed = parse_template(raw.reply);
    if (!parsed) return usage("--reply: {}", parsed.error().message());
    macros = parsed->has_macros();
    if (macros && raw.udp) return usage("--reply: macros are not available with -u yet");
  }
  if (!by_rule && !macros && !options.frame) return {};
  if (options.encoding && !options.encoding->is_utf8() && (by_rule || macros)) {
    return usage("--encoding does not convert rules or macros: write the bytes (hex:...)");
  }
  auto rules = std::make_shared<ReplyRules>();
  for (const std::string& text : raw.rules) {
    auto rule = parse_reply_rule(text);
    if (!rule) return usage("--rule: {}", rule.error().message());
    rules->rules.push_back(std::move(*rule));
  }
  if (fallback) {
    auto rule = parse_reply_rule(*fallback);
    if (!rule) return usage("--reply: {}", rule.error().message());
    if (!macros)
      rule->reply = MacroTemplate{{{MacroTemplate::Part::Kind::literal, options.reply, 0}}};
    rules->rules.push_back(std::move(*rule));
  }
  if (!raw.rule_delay.empty()) {
    auto delay = parse_whole_number(raw.rule_delay, "--rule-delay");
    if (!delay) return delay.error();
    if (*delay > static_cast<std::uint64_t>(kMaxRuleDelay.count())) {
      return usage("--rule-delay: at most {} ms", kMaxRuleDelay.count());
    }
    rules->delay = Milliseconds(static_cast<Milliseconds::rep>(*delay));
  }
  if (!raw.rules_file.empty()) options.rules_file = raw.rules_file;
  options.rules = std::move(rules);
  return {};
}

// -l --mode and its parameters.
Result<void> convert_server_mode(const RawOptions& raw, Options& options) {
  const bool has_reply = !raw.reply.empty() || !raw.reply_hex.empty();
  std::string mode = raw.server_mode;
  const bool has_rules = !raw.rules.empty() || !raw.rules_file.empty() || !raw.rule_delay.empty();
  if (mode.empty() && (has_reply || has_rules)) mode = "reply";
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
    if (auto rules = convert_rules(raw, options); !rules) return rules.error();
    if (options.reply.empty() && !options.rules && !options.rules_file) {
      return usage(
          "--mode reply needs the reply: --mode reply TEXT, --reply-hex HEX or --rule "
          "'MATCH => REPLY'");
    }
  } else if (mode == "source") {
    options.server_mode = ServerMode::source;
    if (raw.source_bytes.empty()) return usage("--mode source needs a size: --mode source N");
    auto size = parse_whole_number(raw.source_bytes, "--mode source");
    if (!size) return size.error();
    options.source_bytes = *size;
  } else {
    return usage("unknown --mode '{}' (supported: echo, discard, print, reply, source)", mode);
  }
  if (has_reply && options.server_mode != ServerMode::reply) {
    return usage("--reply and --reply-hex are for --mode reply");
  }
  if (!raw.source_bytes.empty() && options.server_mode != ServerMode::source) {
    return usage("--source-bytes is for --mode source");
  }
  return {};
}

// -v -n -4 -6 -w -d -k --once --max-clients --keep-open --recv-size
// --encoding --undecodable: values that need no mode to convert.
Result<void> convert_common(const RawOptions& raw, Options& options) {
  options.verbose = raw.verbose;
  options.numeric = raw.numeric;
  options.no_stdin = raw.no_stdin;
  options.keep_listening = raw.keep_listening;
  options.once = raw.once;
  options.max_clients = raw.max_clients;
  options.allow = raw.allow;
  options.deny = raw.deny;
  options.allow_files = raw.allow_files;
  options.deny_files = raw.deny_files;
  options.no_shutdown = raw.no_shutdown;
  options.recv_size = raw.recv_size;
  if (raw.ipv4 && raw.ipv6) return usage("cannot use -4 and -6 together");
  options.family = raw.ipv4 ? Family::ipv4 : raw.ipv6 ? Family::ipv6 : Family::any;
  // -w 0 used to mean the default silently; like -w -1 it is refused.
  if (!std::isnan(raw.wait_seconds)) {
    if (!(raw.wait_seconds > 0)) return usage("-w needs a positive number of seconds");
    options.timeout = Milliseconds(static_cast<long>(std::ceil(raw.wait_seconds * 1000)));
  }
  if (!raw.encoding.empty()) {
    auto encoding = Encoding::find(raw.encoding);
    if (!encoding) return encoding.error();
    options.encoding = *encoding;
  }
  if (raw.undecodable == "escape") {
    options.undecodable = Undecodable::escape;
  } else if (raw.undecodable != "replace") {
    return usage("--undecodable must be 'replace' or 'escape', not '{}'", raw.undecodable);
  }
  return {};
}

// --exec "PROG ARGS" (split at spaces, no shell, as ncat does) or
// --sh-exec "COMMAND" (/bin/sh -c).
Result<void> convert_program(const RawOptions& raw, Options& options) {
  if (!raw.exec.empty() && !raw.sh_exec.empty())
    return usage("cannot use --exec and --sh-exec together: give one program");
  if (!raw.exec.empty()) {
    options.program = split_command(raw.exec);
    if (options.program.empty()) return usage("--exec needs a program: --exec \"PROG ARGS\"");
  } else if (!raw.sh_exec.empty()) {
    if (split_command(raw.sh_exec).empty())
      return usage("--sh-exec needs a command: --sh-exec \"COMMAND\"");
    options.program = shell_command(raw.sh_exec);
  }
  // Clients served at once would write into one file together.
  if (!options.program.empty() && raw.keep_listening && !raw.output_file.empty())
    return usage("cannot use -o with -k and --exec: the clients are served at once");
  return {};
}

// --send --hex --file and the netcat options that change them (-C, -q).
Result<void> convert_data(const RawOptions& raw, Options& options) {
  // Macros ({seq}, {time}, ...): expanded for each send; the first
  // expansion stands for the data where one value is needed.
  auto with_macros = [&options, &raw](const std::string& text, TemplateSyntax syntax,
                                      const char* option) -> Result<std::string> {
    auto macros = parse_template(text, syntax);
    if (!macros) {
      // The plain parser's error, where it has one: it names the position in
      // the whole text and is translated.
      auto plain = syntax == TemplateSyntax::hex ? parse_hex(text) : parse_escapes(text);
      if (!plain) return plain.error();
      return usage("{}: {}", option, macros.error().message());
    }
    if (!macros->captures().empty()) {
      return usage("{}: {{capture NAME}} is for scripts and rules (--script, --rule)", option);
    }
    if (macros->has_macros()) {
      if (raw.udp) return usage("{}: macros are not available with -u yet", option);
      options.send_macros = *macros;
    }
    return expand(*macros, {});
  };
  if (!raw.send_text.empty()) {
    auto bytes = with_macros(raw.send_text, TemplateSyntax::text, "--send");
    if (!bytes) return bytes.error();
    options.send_text = std::move(*bytes);
  }
  if (!raw.send_hex.empty()) {
    auto bytes = with_macros(raw.send_hex, TemplateSyntax::hex, "--hex");
    if (!bytes) return bytes.error();
    options.send_hex = std::move(*bytes);
  }
  if (!raw.send_file.empty()) options.send_file = raw.send_file;
  if (raw.crlf && !raw.send_hex.empty())
    return usage("cannot use -C and --hex: hex bytes are sent as given");
  if (raw.shutdown_on_eof && raw.no_shutdown)
    return usage(
        "cannot use -N and --no-shutdown: -N half-closes at the end of input, "
        "--no-shutdown keeps the sending side open");
  if (raw.no_stdin && raw.no_shutdown)
    return usage(
        "cannot use -d and --no-shutdown: with -d tcpc sends nothing and never "
        "half-closes");
  if (raw.quit_seconds >= 0 && raw.no_stdin)
    return usage("cannot use -q and -d: -q counts from the end of stdin, which -d never reads");
  if (raw.parallel != -1 && raw.parallel < 1) return usage("--parallel needs at least 1");
  if (auto program = convert_program(raw, options); !program) return program.error();
  options.udp = raw.udp;
  options.crlf = raw.crlf;
  if (raw.crlf && options.send_text) options.send_text = to_crlf(*options.send_text);
  if (raw.quit_seconds >= 0)
    options.quit_after_eof = Milliseconds(static_cast<long>(raw.quit_seconds * 1000));
  if (raw.parallel != -1) options.parallel = static_cast<std::size_t>(raw.parallel);
  if (auto settings = convert_socket_settings(raw, options.socket_settings); !settings)
    return settings;
  options.random_ports = raw.random_ports;
  options.pass_fd = raw.pass_fd;
  options.telnet = raw.telnet;
  options.md5 = raw.md5;
  return {};
}

// --append and --check. A reply is fixed, so it gets its checksum once,
// here; what clients send is appended to as each message goes.
Result<void> convert_checksums(const RawOptions& raw, Options& options) {
  if (!raw.append.empty()) {
    auto specs = parse_checksum_specs(raw.append);
    if (!specs) return usage("--append: {}", specs.error().message());
    options.append = std::move(*specs);
    if (options.mode == Mode::serve && options.server_mode == ServerMode::reply)
      options.reply = append_checksums(options.append, options.reply);
    // Replies by rule get theirs as each is made (--rules FILE's too: they
    // join these rules when the server starts).
    if (options.rules) {
      auto rules = std::make_shared<ReplyRules>(*options.rules);
      rules->append = options.append;
      options.rules = std::move(rules);
    }
  }
  if (!raw.check.empty()) {
    auto specs = parse_checksum_specs(raw.check);
    if (!specs) return usage("--check: {}", specs.error().message());
    // A TCP chunk is whatever recv() returned: a checksum over it would be
    // wrong whenever the peer's message came in two pieces.
    if (!options.frame) {
      return usage(
          "--check needs --frame to know where each frame ends "
          "(e.g. --frame idle:50 or --frame delim:0d0a)");
    }
    options.check = std::move(*specs);
  }
  return {};
}

// -l [HOST] PORT, -l -s HOST -p PORT, -l -U PATH.
Result<void> convert_listen_address(const RawOptions& raw, Options& options) {
  const auto& args = raw.positionals;
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
  return {};
}

// -s and -p of a client or -z: resolved later, by option_setup.
Result<void> convert_source(const RawOptions& raw, Options& options) {
  options.source_address = raw.source_address;
  if (raw.source_port.empty()) return {};
  auto port = parse_port(raw.source_port);
  if (!port) return port.error();
  options.source_port = *port;
  return {};
}

// HOST PORT of a client.
Result<void> convert_client_address(const RawOptions& raw, Options& options) {
  const auto& args = raw.positionals;
  if (args.size() == 1) return usage("missing PORT: tcpc HOST PORT");
  if (args.size() > 2) return usage("too many arguments: tcpc HOST PORT");
  if (args[0].empty())
    return Error(errc::invalid_host, Operation::none, {}, Reason::empty_host, {});
  options.host = args[0];
  auto port = parse_port(args[1]);
  if (!port) return port.error();
  options.port = *port;
  return convert_source(raw, options);
}

// -z HOST PORTS: nc takes ports as separate arguments ("22 80 8000-8100");
// lists work too.
Result<void> convert_scan(const RawOptions& raw, Options& options) {
  const auto& args = raw.positionals;
  if (args.size() < 2) return usage("-z needs HOST and PORTS: tcpc -z HOST 22,80,8000-8100");
  if (args[0].empty())
    return Error(errc::invalid_host, Operation::none, {}, Reason::empty_host, {});
  options.host = args[0];
  std::string ports = args[1];
  for (std::size_t i = 2; i < args.size(); ++i)
    ports += "," + args[i];
  auto parsed = parse_port_list(ports);
  if (!parsed) return parsed.error();
  options.scan_ports = std::move(*parsed);
  return convert_source(raw, options);
}

Mode mode_for(RunMode mode) {
  switch (mode) {
    case RunMode::pipe:
    case RunMode::udp_pipe:
      return Mode::pipe;
    case RunMode::oneshot:
    case RunMode::udp_oneshot:
      return Mode::oneshot;
    case RunMode::session:
      return Mode::session;
    case RunMode::guided:
      return Mode::guided;
    case RunMode::listen:
    case RunMode::udp_listen:
      return Mode::listen;
    case RunMode::scan:
      return Mode::scan;
    case RunMode::script:
    case RunMode::listen_script:
      return Mode::script;
    default:
      return Mode::serve;
  }
}

// Where the mode connects or listens.
Result<void> convert_addresses(const RawOptions& raw, Options& options) {
  if (raw.unix_socket) {
    if (raw.positionals.size() != 1) return usage("-U needs one PATH: tcpc [-l] -U PATH");
    auto path = Endpoint::unix_path(raw.positionals[0]);
    if (!path) return path.error();
    options.unix_path = *path;
    if (options.mode == Mode::listen || options.mode == Mode::serve || raw.listen)
      return convert_listen_address(raw, options);
    return {};
  }
  if (options.mode == Mode::script && raw.listen) return convert_listen_address(raw, options);
  switch (options.mode) {
    case Mode::guided:
      return {};
    case Mode::scan:
      return convert_scan(raw, options);
    case Mode::listen:
    case Mode::serve:
      return convert_listen_address(raw, options);
    default:
      return convert_client_address(raw, options);
  }
}

}  // namespace

Result<Options> convert(const RawOptions& raw, const ModeContext& context) {
  Options options;
  options.context = context;
  options.mode = mode_for(context.mode);
  if (auto common = convert_common(raw, options); !common) return common.error();
  auto stats = convert_stats(raw);
  if (!stats) return stats.error();
  options.stats = *stats;
  auto tls = convert_tls_options(raw.tls, raw.listen);
  if (!tls) return tls.error();
  options.tls = std::move(*tls);
  if (auto display = convert_display(raw, options); !display) return display.error();
  if (auto data = convert_data(raw, options); !data) return data.error();
  if (options.mode == Mode::serve) {
    if (auto mode = convert_server_mode(raw, options); !mode) return mode.error();
  }
  if (auto checks = convert_checksums(raw, options); !checks) return checks.error();
  if (!raw.script_file.empty()) options.script_file = raw.script_file;
  if (auto addresses = convert_addresses(raw, options); !addresses) return addresses.error();
  if (auto proxy = convert_proxy(raw, options); !proxy) return proxy.error();
  // On a terminal, like redis-cli and psql; through pipes always the relay.
  options.session_on_terminal =
      context.mode == RunMode::pipe && !raw.raw_relay && !raw.no_stdin && !context.exec;
  return options;
}

}  // namespace tcpc::cli::parsing
