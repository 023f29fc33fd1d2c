// SPDX-License-Identifier: MIT
// Inside option parsing: the command line as CLI11 parsed it, and the steps
// from it to Options. option_defs.cpp defines the options, option_checks.cpp
// decides the mode and refuses what does not go with it, option_convert.cpp
// turns values into Options; options.cpp runs the steps.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "option_modes.hpp"
#include "options.hpp"
#include "tls_options.hpp"

namespace CLI {
class App;
}

namespace tcpc::cli::parsing {

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
  std::string proxy_address;                                       // -x ADDR[:PORT]
  std::string proxy_protocol;                                      // -X 4 | 5 | connect
  std::string proxy_user;                                          // -P USER
  double wait_seconds = std::numeric_limits<double>::quiet_NaN();  // NaN: -w not given
  std::string send_text;
  std::string send_hex;
  std::string send_file;
  std::string encoding;
  std::string undecodable = "replace";
  std::uint64_t recv_size = 0;
  bool no_shutdown = false;  // --no-shutdown
  std::string server_mode;
  bool once = false;
  std::size_t max_clients = 0;
  std::vector<std::string> allow;        // --allow, repeatable
  std::vector<std::string> deny;         // --deny
  std::vector<std::string> allow_files;  // --allowfile
  std::vector<std::string> deny_files;   // --denyfile
  bool stats = false;
  double stats_interval = 0;
  bool json = false;
  std::string json_file;

  std::string view;
  bool time = false;
  std::string frame;
  std::string check;   // --check SPEC[,SPEC...]
  std::string append;  // --append SPEC[,SPEC...]
  std::string output_file;
  std::string repeat;
  std::string interval;
  std::string eol;
  bool interactive = false;
  bool raw_relay = false;
  std::string reply;
  std::string reply_hex;
  std::string source_bytes;
  std::vector<std::string> rules;  // --rule, each 'MATCH => REPLY'
  std::string rules_file;          // --rules
  std::string rule_delay;          // --rule-delay MS
  std::string script_file;         // --script

  // netcat options.
  bool udp = false;            // -u
  bool scan = false;           // -z
  bool unix_socket = false;    // -U: the argument is a socket path
  double quit_seconds = -1;    // -q: negative waits for the peer, as nc does by default
  bool crlf = false;           // -C
  bool broadcast = false;      // -b
  bool debug = false;          // -D
  std::string receive_buffer;  // -I
  std::string send_buffer;     // -O
  std::string traffic_class;   // -T
  std::string ttl;             // -M
  std::string min_ttl;         // -m
  bool random_ports = false;   // -r
  bool pass_fd = false;        // -F
  bool telnet = false;         // -t
  // Defined only to be refused with their reasons (option_modes.cpp).
  std::string line_interval;  // -i
  std::string routing_table;  // -V
  std::string packet_limit;   // -W
  bool dccp = false;          // -Z
  bool md5 = false;           // -S: refused in every mode
  std::string exec;           // --exec "PROG ARGS"
  std::string sh_exec;        // --sh-exec "COMMAND"
  long long parallel = -1;    // --parallel; -1: not given
  RawTlsOptions tls;
};

// "--mode reply TEXT" and "--mode source N" become "--reply TEXT" and
// "--source-bytes N", which CLI11 can parse.
std::vector<std::string> expand_mode_words(int argc, char** argv);

// Defines the --help sections `args` may name (all of them with `every`).
void define(CLI::App& app, RawOptions& raw, const std::vector<std::string>& args, bool every);

// The options given on the command line, by the name the table has ("-o").
std::vector<std::string> given_options(const CLI::App& app);

// The mode and transports the command line asks for; refuses options that
// pick two modes at once ("cannot use -l and -z").
Result<ModeContext> decide_mode(const RawOptions& raw);

// Values checked and converted into Options for `context`'s mode.
Result<Options> convert(const RawOptions& raw, const ModeContext& context);

// -x ADDR[:PORT], -X 4|5|connect and -P USER into options.proxy (proxy_options.cpp).
Result<void> convert_proxy(const RawOptions& raw, Options& options);

}  // namespace tcpc::cli::parsing
