// SPDX-License-Identifier: MIT
// Command-line options: single letters keep OpenBSD nc's meanings, tcpc's
// own features are long options.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chunk_view.hpp"
#include "option_modes.hpp"
#include "session_command.hpp"
#include "tcpc/address.hpp"
#include "tcpc/address_set.hpp"
#include "tcpc/checksum.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/framer.hpp"
#include "tcpc/macro.hpp"
#include "tcpc/proxy.hpp"
#include "tcpc/reply_rules.hpp"
#include "tcpc/result.hpp"
#include "tcpc/server.hpp"
#include "tcpc/socket.hpp"
#include "tcpc/socket_options.hpp"
#include "tls_options.hpp"

namespace tcpc::cli {

enum class Mode {
  guided,   // no arguments: the tutorial's six steps, with prompts
  oneshot,  // HOST PORT --send/--hex/--file
  pipe,     // HOST PORT: stdin to the server, the server to stdout
  listen,   // -l: one client relayed to the terminal, like nc -l
  serve,    // -l --mode echo: many clients, until stopped
  session,  // HOST PORT on a terminal (or --interactive): the interactive session
  scan,     // -z HOST PORTS: which ports accept a connection
  script,   // --script FILE: a scripted exchange, as a client or (-l) a server
};

// --stats, --stats-interval, --json, --json-file: what TCP did, per connection.
struct StatsOptions {
  bool text = false;                     // the report as text on stderr
  bool json = false;                     // the report as JSON on stderr
  std::optional<std::string> json_file;  // the report as JSON in this file
  Milliseconds interval{0};              // 0: no interval lines
  bool enabled() const { return text || json || json_file; }
};

// What the user asked for, checked and converted before any I/O. Parsing is
// pure; what needs the system (the terminal, -s resolved) is settled by
// settle_terminal() and option_setup.hpp before the mode runs.
struct Options {
  Mode mode = Mode::guided;
  // The column of the option-by-mode table (option_modes.hpp), and the
  // options given, by the name the table has, so the table can be checked
  // again once the terminal decides between pipe mode and the session.
  ModeContext context;
  std::vector<std::string> given;
  bool session_on_terminal = false;  // pipe mode, unless stdin and stdout are terminals
  std::string host;                  // empty with -l means any address
  std::uint16_t port = 0;
  int verbose = 0;

  // Addressing (-4 -6 -n -s -p).
  Family family = Family::any;
  bool numeric = false;
  std::optional<Endpoint> source;  // client: bind before connect (set by option_setup)
  // -s and -p as given for a client or -z, resolved into `source` by option_setup.
  std::string source_address;
  std::uint16_t source_port = 0;
  bool wants_source() const { return !source_address.empty() || source_port != 0; }

  // -x -X -P: connect through this proxy (its password is asked for by
  // option_setup, before any connection).
  std::optional<Proxy> proxy;

  // Timing: -w is the connect timeout and the idle timeout.
  std::optional<Milliseconds> timeout;

  // Data.
  std::optional<std::string> send_text;  // --send, escapes already applied
  std::optional<std::string> send_hex;   // --hex, already parsed to bytes
  std::optional<std::string> send_file;  // --file PATH
  // --send or --hex with macros: expanded again for each send (--repeat);
  // send_text / send_hex hold the first expansion.
  std::optional<MacroTemplate> send_macros;
  std::optional<Encoding> encoding;  // --encoding: convert text both ways
  Undecodable undecodable = Undecodable::replace;
  std::uint64_t recv_size = 0;  // 0: no limit (guided mode: 1024)
  bool no_shutdown = false;     // --no-shutdown: no half-close when the data or stdin ends
  bool no_stdin = false;        // -d
  // --append: checksums (or a fixed tail) added to each message sent;
  // --send, --hex and the reply have them already (option_convert.cpp).
  std::vector<ChecksumSpec> append;

  // Listening.
  bool keep_listening = false;  // -k
  bool once = false;            // --once
  std::size_t max_clients = 0;
  // Who may connect: --allow, --deny, --allowfile, --denyfile as given, and
  // what option_setup makes of them (names resolved, files read) in `access`.
  std::vector<std::string> allow;
  std::vector<std::string> deny;
  std::vector<std::string> allow_files;
  std::vector<std::string> deny_files;
  AccessPolicy access;

  StatsOptions stats;
  // Display: --view, --time, -o, and the session's --eol.
  View view = View::text;
  bool show_time = false;
  // --frame: the received stream cut into frames for the views; with
  // --json each frame is one JSON line (-o still gets the bytes exactly).
  std::optional<FrameSpec> frame;
  bool json_frames = false;
  // --check: each frame's trailing checksum is checked and marked in the view.
  std::vector<ChecksumSpec> check;
  std::optional<std::string> output_file;  // -o: received bytes, exactly
  LineEnding eol = LineEnding::lf;
  bool raw_relay = false;  // --raw: never an interactive console

  // Repeated sends: --repeat N (0: until stopped) --interval SECS.
  std::uint64_t repeat = 1;
  Milliseconds interval{1000};

  // Server modes (--mode): reply TEXT / --reply-hex, source N.
  ServerMode server_mode = ServerMode::echo;
  std::string reply;  // escapes applied, encoded
  // reply by rule: --rule (parsed), --rules FILE (read by run_server, before
  // listening), --rule-delay; `reply` becomes the default rule.
  std::shared_ptr<const ReplyRules> rules;
  std::optional<std::string> rules_file;
  Milliseconds rule_delay{0};
  std::optional<std::string> script_file;  // --script FILE (read before connecting)
  std::uint64_t source_bytes = 0;
  // netcat options (-u -z -U -q -C --parallel).
  bool udp = false;                            // -u: datagrams instead of a stream
  std::optional<Endpoint> unix_path;           // -U PATH, instead of HOST PORT
  std::vector<std::uint16_t> scan_ports;       // -z HOST PORTS
  std::size_t parallel = 64;                   // -z: connects in flight at once
  std::optional<Milliseconds> quit_after_eof;  // -q SECS (>= 0)
  bool crlf = false;                           // -C: LF becomes CRLF on the way out
  // --exec / --sh-exec: the program that has the connection (argv); empty: none.
  std::vector<std::string> program;
  SocketSettings socket_settings;  // -b -D -I -O -T -M -m
  bool random_ports = false;       // -r: -z checks the ports in random order
  bool pass_fd = false;            // -F: hand the connected socket to stdout
  bool telnet = false;             // -t: refuse every Telnet option offered
  bool md5 = false;                // -S: the key (TCPC_MD5_KEY or asked) goes into socket_settings
  // TLS: --tls and its options (tls_options.hpp).
  TlsOptions tls;
};

// The display settings that --view, --time and --encoding ask for.
DisplayOptions display_options(const Options& options);

struct BenchOptions;  // bench_options.hpp

// What parse_options() found: options to run, `tcpc bench` to run, text for
// main to print on stdout (--help, --version: exit 0), or a usage error for
// main to print and map to its exit code. Nothing is printed while parsing.
struct ParseOutcome {
  std::optional<Options> options;
  std::shared_ptr<const BenchOptions> bench;
  std::string text;
  std::optional<Error> error;
  const char* program = "tcpc";  // how the error line starts: "tcpc" or "tcpc bench"
};

// argv in, a ParseOutcome out: no I/O. every_section: define every option
// even when the command line names none of its section (--help always
// does); for the test that compares the two.
ParseOutcome parse_options(int argc, char** argv, bool every_section = false);

// Pipe mode or the session: decided by whether stdin and stdout are
// terminals (main asks isatty). Then the table is checked for the mode that
// will run. Pure, like parse_options().
Result<void> settle_terminal(Options& options, bool on_terminal);

// For that test: each --help section's option names as the table that
// decides what to define lists them, and as CLI11 has them once defined
// ("-o,--output"), both separated by spaces.
struct SectionNames {
  std::string label;
  std::string listed;
  std::string defined;
};
std::vector<SectionNames> section_names();

}  // namespace tcpc::cli
