// SPDX-License-Identifier: MIT
// The options as CLI11 defines them, in --help's sections and order.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <string_view>

#include "help.hpp"
#include "i18n.hpp"
#include "option_raw.hpp"

namespace tcpc::cli::parsing {
namespace {

// One function per --help section; within each, options in --help's order.
void define_client(CLI::App& client, RawOptions& raw) {
  client
      .add_option("-p", raw.source_port, tr("Client: source port. With -l: the port to listen on"))
      ->type_name("PORT");
  client
      .add_option("-s", raw.source_address,
                  tr("Client: source address. With -l: the address to listen on"))
      ->type_name("ADDR")
      ->allow_extra_args(false);
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
  // ncat's --keep-open is nc's -k; ncat users type it for that.
  server.add_flag("-k,--keep-open", raw.keep_listening,
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
  server
      .add_option("--rule", raw.rules,
                  tr("reply mode: answer what MATCH finds with REPLY: 'MATCH => REPLY' "
                     "(repeatable; docs/scripts.md)"))
      ->type_name("RULE");
  server
      .add_option("--rules", raw.rules_file,
                  tr("reply mode: the rules in FILE, one per line (# comments)"))
      ->type_name("FILE");
  server
      .add_option("--rule-delay", raw.rule_delay,
                  tr("reply mode: wait MS milliseconds before each rule's reply"))
      ->type_name("MS");
  server.add_flag("--once", raw.once, tr("With --mode: serve one client, then exit"));
  server.add_option("--max-clients", raw.max_clients, tr("With --mode: at most N clients at once"))
      ->type_name("N");
  server
      .add_option("--allow", raw.allow,
                  tr("With -l: admit only this address, CIDR range or host name (repeatable)"))
      ->type_name("ADDR")
      ->allow_extra_args(false);
  server
      .add_option("--allowfile", raw.allow_files,
                  tr("With -l: admit only the addresses listed in FILE (# comments)"))
      ->type_name("FILE")
      ->allow_extra_args(false);
  server
      .add_option("--deny", raw.deny,
                  tr("With -l: refuse this address, CIDR range or host name (repeatable)"))
      ->type_name("ADDR")
      ->allow_extra_args(false);
  server
      .add_option("--denyfile", raw.deny_files, tr("With -l: refuse the addresses listed in FILE"))
      ->type_name("FILE")
      ->allow_extra_args(false);
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
  data.add_flag("--no-shutdown", raw.no_shutdown,
                tr("Do not half-close when the data or stdin ends (for servers that stop "
                   "at the client's end of stream)"));
  data.add_option("--append", raw.append,
                  tr("Append checksums to each message sent: crc16-modbus, crc16-ccitt, "
                     "crc16-xmodem, crc8, crc32, sum8, xor8, lrc, hex:HEX, crc:width=...; "
                     "SPEC,SPEC in order (docs/protocols.md)"))
      ->type_name("SPEC");
  data.add_option("--repeat", raw.repeat, tr("Send the data N times (0: until stopped)"))
      ->type_name("N");
  data.add_option("--interval", raw.interval, tr("Seconds between repeated sends (default 1)"))
      ->type_name("SECS");
  data.add_option("--script", raw.script_file,
                  tr("Run the exchange in FILE: send, expect, capture... (docs/scripts.md)"))
      ->type_name("FILE");
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
      .add_option("--frame", raw.frame,
                  tr("Cut what is received into frames: idle:MS, line, delim:HEX, fixed:N, "
                     "length:u8|u16be|u16le|u32be|u32le[+ADJ][@OFFSET] (docs/tcp-explained.md)"))
      ->type_name("SPEC");
  display
      .add_option("--check", raw.check,
                  tr("With --frame: mark each received frame whose trailing checksum is right "
                     "or wrong (SPEC as for --append)"))
      ->type_name("SPEC");
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
  nc.add_option("-x", raw.proxy_address, tr("Connect through the proxy at ADDR[:PORT]"))
      ->type_name("ADDR[:PORT]");
  nc.add_option("-X", raw.proxy_protocol,
                tr("Proxy protocol: 4 (SOCKS4), 5 (SOCKS5, default) or connect (HTTP)"))
      ->type_name("PROTO");
  nc.add_option("-P", raw.proxy_user,
                tr("Proxy username (password: $TCPC_PROXY_PASSWORD or asked on the terminal)"))
      ->type_name("USER");
  nc.add_option("--exec", raw.exec,
                tr("Run PROG [ARGS], quoted as one word, with its stdin and stdout on the "
                   "connection (no shell; -l -k: one per client, at once)"))
      ->type_name("PROG");
  nc.add_option("--sh-exec", raw.sh_exec,
                tr("Like --exec, but COMMAND runs in /bin/sh (pipes, redirections, variables)"))
      ->type_name("COMMAND");
  nc.add_flag("-b", raw.broadcast, tr("UDP: allow sending to a broadcast address"));
  nc.add_flag("-D", raw.debug, tr("Set SO_DEBUG on the socket (Linux: needs CAP_NET_ADMIN)"));
  nc.add_option("-I", raw.receive_buffer, tr("Receive buffer size (SO_RCVBUF) in bytes"))
      ->type_name("BYTES");
  nc.add_option("-O", raw.send_buffer, tr("Send buffer size (SO_SNDBUF) in bytes"))
      ->type_name("BYTES");
  nc.add_option("-T", raw.traffic_class,
                tr("IP TOS / IPv6 traffic class: lowdelay, throughput, reliability, critical, "
                   "inetcontrol, netcontrol, af11-af43, cs0-cs7, ef, va or 0-255"))
      ->type_name("TOS");
  nc.add_option("-M", raw.ttl, tr("TTL / hop limit of the packets sent (0-255)"))->type_name("TTL");
  nc.add_option("-m", raw.min_ttl,
                tr("Drop packets that arrive with a TTL / hop limit below this (0-255)"))
      ->type_name("TTL");
  nc.add_flag("-r", raw.random_ports, tr("With -z: check the ports in random order"));
  nc.add_flag("-F", raw.pass_fd,
              tr("Connect, pass the socket to stdout (ssh's ProxyUseFdpass), then exit"));
  nc.add_flag("-t", raw.telnet, tr("Answer Telnet negotiation: refuse every option"));
  nc.add_flag("-S", raw.md5,
              tr("TCP MD5 signatures (RFC 2385); the key from TCPC_MD5_KEY or asked on the "
                 "terminal"));
  nc.add_option("-i", raw.line_interval, tr("nc's delay between lines: refused (docs/NETCAT.md)"))
      ->type_name("SECS");
  nc.add_option("-V", raw.routing_table, tr("OpenBSD routing table: refused (docs/NETCAT.md)"))
      ->type_name("RTABLE");
  nc.add_option("-W", raw.packet_limit, tr("nc's stop after N packets: refused (docs/NETCAT.md)"))
      ->type_name("N");
  nc.add_flag("-Z", raw.dccp, tr("DCCP: refused (docs/NETCAT.md)"));
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
     "-l -k,--keep-open --mode --reply --reply-hex --source-bytes --rule --rules --rule-delay "
     "--once --max-clients --allow --allowfile --deny --denyfile"},
    {help::kSending, define_sending,
     "--send --hex --file --no-shutdown --append --repeat --interval --script --eol"},
    {help::kDisplay, define_display,
     "--encoding --undecodable --view --time --frame --check -o,--output"},
    {help::kStats, define_stats, "--stats --stats-interval --json --json-file"},
    {help::kTls, define_tls,
     "--tls --cafile --capath --insecure --servername --alpn --cert --key --tls-min "
     "--verify-client"},
    {help::kNetcat, define_netcat,
     "-d -N -q -C -x -X -P --exec --sh-exec -b -D -I -O -T -M -m -r -F -t -S -i -V -W -Z"},
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

}  // namespace

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

// CLI11 counts each option it saw; the table names an option by its first
// name in --help ("-o" for -o,--output).
std::vector<std::string> given_options(const CLI::App& app) {
  std::vector<std::string> given;
  auto add_from = [&given](const CLI::App& group) {
    for (const CLI::Option* option : group.get_options()) {
      if (option->count() == 0 || option->get_positional()) continue;
      const auto& shorts = option->get_snames();
      given.push_back(shorts.empty() ? "--" + option->get_lnames().front() : "-" + shorts.front());
    }
  };
  add_from(app);
  for (const CLI::App* group : const_cast<CLI::App&>(app).get_subcommands(
           [](const CLI::App* sub) { return sub->get_name().empty(); }))
    add_from(*group);
  return given;
}

}  // namespace tcpc::cli::parsing

namespace tcpc::cli {

std::vector<SectionNames> section_names() {
  std::vector<SectionNames> out;
  for (const parsing::Section& section : parsing::kSections) {
    CLI::App app;
    parsing::RawOptions raw;
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
