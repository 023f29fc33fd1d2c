// SPDX-License-Identifier: MIT
#include "option_modes.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "i18n.hpp"

namespace tcpc::cli {
namespace {

using enum RunMode;

constexpr ModeSet operator|(RunMode a, RunMode b) {
  return bit(a) | bit(b);
}
constexpr ModeSet operator|(ModeSet a, RunMode b) {
  return a | bit(b);
}

constexpr ModeSet kEvery = (ModeSet{1} << kRunModeCount) - 1;
// In a row's last refusal: every mode the row has not named yet.
constexpr ModeSet kRest = ~ModeSet{0};

constexpr ModeSet kTcpClients = pipe | oneshot | session;
constexpr ModeSet kTcpServers =
    serve_echo | serve_reply | serve_discard | serve_print | serve_source;
constexpr ModeSet kUdpClients = udp_pipe | udp_oneshot;
constexpr ModeSet kUdpServers = udp_echo | udp_reply | udp_discard | udp_print | udp_source;
constexpr ModeSet kUdp = kUdpClients | bit(udp_listen) | kUdpServers;
constexpr ModeSet kTcp = kEvery & ~kUdp;
constexpr ModeSet kServers = kTcpServers | kUdpServers;
constexpr ModeSet kScripts = script | listen_script;

// Reasons shared by several rows.
constexpr const char* kTakesPath = tr_noop("-U takes a path, not an address");
constexpr const char* kTlsIsTcp = tr_noop("TLS is for TCP connections");
constexpr const char* kGuidedAsks = tr_noop("guided mode asks for the server step by step");
constexpr const char* kServersRunOn =
    tr_noop("a server answers by its --mode and runs until it is stopped");
constexpr const char* kScanOnlyConnects = tr_noop("-z only checks which ports accept a connection");
constexpr const char* kNoStdinRead = tr_noop("it never reads stdin");
constexpr const char* kClientTls = tr_noop("it is for a TLS client");
constexpr const char* kAccessIsForServers =
    tr_noop("--allow and --deny choose who may connect to a server: they need -l");
constexpr const char* kUnixHasNoAddress = tr_noop("the clients of a Unix socket have no address");
constexpr const char* kOneConnection = tr_noop(
    "nc's socket options are set on the client's sockets, -l's and -u -l's, not a --mode server's");
constexpr const char* kNoIpOnUnix = tr_noop("a Unix socket has no IP header to set");
constexpr const char* kNotDisplayed = tr_noop("this mode does not show the data it relays");
constexpr const char* kOwnData = tr_noop(
    "--send, --hex and --file send data of their own; with --exec the program's output is sent");
constexpr const char* kProgramWhere =
    tr_noop("--exec is for pipe mode and -l (-l -k: a program per client, served at once)");
constexpr const char* kProgramStream =
    tr_noop("a program on the network needs a stream: TCP or -U");
constexpr const char* kProgramHasBytes =
    tr_noop("the program gets the received bytes as they are; nothing is shown");
constexpr const char* kProxyConnects =
    tr_noop("a proxy is for connecting out; a server waits for connections");
constexpr const char* kProxyTcpOnly = tr_noop("SOCKS and HTTP CONNECT proxies carry TCP only");
constexpr const char* kProxyNotUnix = tr_noop("-U connects to a local socket, not through a proxy");
constexpr const char* kScriptBytes = tr_noop("a script sends and expects bytes as it is written");
constexpr const char* kScriptSteps =
    tr_noop("a script shows what it sends and receives step by step");
constexpr const char* kScriptPlain = tr_noop("scripts run over plain TCP for now");
constexpr const char* kRulesAreForReply =
    tr_noop("--rule, --rules and --rule-delay are for --mode reply over TCP");

// -x, -X and -P go together: the same modes, the same reasons.
constexpr OptionRow proxy_row(std::string_view name) {
  return {name,
          kTcpClients | scan,
          0,
          {{bit(guided), kGuidedAsks},
           {bit(listen) | kTcpServers, kProxyConnects},
           {kUdp, kProxyTcpOnly},
           {kScripts, tr_noop("scripts connect directly for now, not through a proxy")}},
          kProxyNotUnix};
}

// --exec and --sh-exec differ only in how the program is started.
constexpr OptionRow program_row(std::string_view name) {
  return {name,
          pipe | listen,
          bit(session),  // with a program, HOST PORT is never the session
          {{bit(oneshot), kOwnData},
           {bit(guided), kGuidedAsks},
           {kTcpServers | bit(scan), kProgramWhere},
           {kUdp, kProgramStream},
           {kScripts, tr_noop("a script sends and expects by itself; --exec gives the connection "
                              "to a program")}}};
}

// What each option does in each mode, read from the run_* functions
// (client.cpp, session.cpp, guided.cpp, listen.cpp, udp.cpp, print_server.cpp,
// scan.cpp, udp_relay.cpp, udp_serve.cpp).
// clang-format off
constexpr OptionRow kRows[] = {
    // Connecting.
    {"-p", kTcpClients | listen | kTcpServers | kScripts | kUdpClients | bit(udp_listen) | udp_echo
               | udp_reply | udp_discard | udp_print | udp_source,
     0,
     {{bit(guided), kGuidedAsks},
      {bit(scan), tr_noop("each check needs its own source port")}},
     kTakesPath},
    {"-s", kTcpClients | listen | kTcpServers | kScripts | scan | kUdpClients | bit(udp_listen) | udp_echo
               | udp_reply | udp_discard | udp_print | udp_source,
     0, {{bit(guided), kGuidedAsks}}, kTakesPath},
    {"-w", kTcpClients | guided | listen | scan | script | kUdpClients | bit(udp_listen), 0,
     {{bit(listen_script), tr_noop("-w is a script's connect timeout; expect has its own (timeout MS)")},
      {kServers, tr_noop("a server keeps its clients as long as they stay")}}},
    {"-v", kTcpClients | listen | kTcpServers | script | scan | kUdpClients | bit(udp_listen) | udp_echo
               | udp_reply | udp_discard | udp_print | udp_source,
     0, {{bit(guided), tr_noop("guided mode explains every step already")},
         {bit(listen_script), tr_noop("-l --script names its client and prints every step already")}}},
    {"-n", kTcpClients | guided | listen | kTcpServers | kScripts | scan | kUdpClients | bit(udp_listen)
               | udp_echo | udp_reply | udp_discard | udp_print | udp_source,
     0, {}, kTakesPath},
    {"-4", kEvery, 0, {}, kTakesPath},
    {"-6", kEvery, 0, {}, kTakesPath},
    {"--recv-size", pipe | oneshot | guided | listen | kUdpClients | bit(udp_listen), 0,
     {{bit(session), tr_noop("the session shows everything until you quit")},
      {kScripts, tr_noop("a script reads what its expect steps wait for")},
      {kServers, kServersRunOn},
      {bit(scan), kScanOnlyConnects}}},
    {"--interactive", bit(session), bit(pipe),
     {{oneshot | udp_oneshot, tr_noop("--send, --hex and --file send without asking")},
      {bit(guided), tr_noop("the session needs HOST and PORT")},
      {kRest, tr_noop("the interactive session is for a TCP client: HOST PORT")}},
     nullptr, nullptr, tr_noop("the program has the connection, not the terminal")},
    {"--raw", pipe | serve_print, bit(session),
     {{kRest, tr_noop("this mode is byte-exact already; --raw is for pipe and print mode "
                      "on a terminal")}},
     nullptr, nullptr, kProgramHasBytes},
    {"--parallel", bit(scan), 0, {{kRest, tr_noop("--parallel is for -z")}}},
    {"-U", kTcpClients | listen | kTcpServers | scan, bit(guided),  // -U PATH is never guided
     {{kUdp, tr_noop("Unix datagram sockets are not supported")},
      {kScripts, tr_noop("scripts run over TCP for now")}},
     nullptr, kTlsIsTcp},
    proxy_row("-x"),
    proxy_row("-X"),
    proxy_row("-P"),

    // Listening.
    {"-k", bit(listen), 0,
     {{kTcpServers, tr_noop("--mode serves many clients at once")},
      {kRest, tr_noop("-k is for the single-client relay: tcpc -l -k PORT")}}},
    {"--reply", serve_reply | udp_reply,
     bit(listen) | udp_listen,
     {{kServers | listen_script, tr_noop("--reply and --reply-hex are for --mode reply")},
      {kRest, tr_noop("--reply needs -l")}}},
    {"--reply-hex", serve_reply | udp_reply,
     bit(listen) | udp_listen,
     {{kServers | listen_script, tr_noop("--reply and --reply-hex are for --mode reply")},
      {kRest, tr_noop("--reply-hex needs -l")}}},
    {"--source-bytes", serve_source | udp_source,
     bit(listen) | udp_listen,
     {{kServers | listen_script, tr_noop("--source-bytes is for --mode source")},
      {kRest, tr_noop("--source-bytes needs -l")}}},
    {"--rule", bit(serve_reply), listen | udp_listen,
     {{kServers | listen_script, kRulesAreForReply}, {kRest, tr_noop("--rule needs -l")}}},
    {"--rules", bit(serve_reply), listen | udp_listen,
     {{kServers | listen_script, kRulesAreForReply}, {kRest, tr_noop("--rules needs -l")}}},
    {"--rule-delay", bit(serve_reply), listen | udp_listen,
     {{kServers | listen_script, kRulesAreForReply}, {kRest, tr_noop("--rule-delay needs -l")}}},
    {"--once", kTcpServers | udp_echo | udp_reply | udp_discard | udp_print | udp_source,
     0, {{kRest, tr_noop("--once is for --mode: it serves one client, then exits")}}},
    {"--max-clients", kTcpServers, 0,
     {{kUdpServers, tr_noop("UDP has no clients to count")},
      {kRest, tr_noop("--max-clients is for --mode")}}},
    {"--allow", bit(listen) | kTcpServers | udp_listen | kUdpServers, 0,
     {{kRest, kAccessIsForServers}}, kUnixHasNoAddress},
    {"--allowfile", bit(listen) | kTcpServers | udp_listen | kUdpServers, 0,
     {{kRest, kAccessIsForServers}}, kUnixHasNoAddress},
    {"--deny", bit(listen) | kTcpServers | udp_listen | kUdpServers, 0,
     {{kRest, kAccessIsForServers}}, kUnixHasNoAddress},
    {"--denyfile", bit(listen) | kTcpServers | udp_listen | kUdpServers, 0,
     {{kRest, kAccessIsForServers}}, kUnixHasNoAddress},

    // Sending.
    {"--send", oneshot | udp_oneshot, pipe | session | udp_pipe | script,
     {{bit(guided), tr_noop("HOST and PORT are needed to send data")},
      {bit(scan), kScanOnlyConnects},
      {bit(listen_script), tr_noop("a script sends what its send steps say")},
      {kRest, tr_noop("a server sends what its mode says; --send, --hex and --file are for clients")}}},
    {"--hex", oneshot | udp_oneshot, pipe | session | udp_pipe | script,
     {{bit(guided), tr_noop("HOST and PORT are needed to send data")},
      {bit(scan), kScanOnlyConnects},
      {bit(listen_script), tr_noop("a script sends what its send steps say")},
      {kRest, tr_noop("a server sends what its mode says; --send, --hex and --file are for clients")}}},
    {"--file", oneshot | udp_oneshot, pipe | session | udp_pipe | script,
     {{bit(guided), tr_noop("HOST and PORT are needed to send data")},
      {bit(scan), kScanOnlyConnects},
      {bit(listen_script), tr_noop("a script sends what its send steps say")},
      {kRest, tr_noop("a server sends what its mode says; --send, --hex and --file are for clients")}}},
    {"--no-shutdown", pipe | oneshot | listen, 0,
     {{bit(session), tr_noop("the session ends with Ctrl-D or /quit (--raw: the relay, with --no-shutdown)")},
      {kUdp, tr_noop("UDP has no stream to shut down")},
      {kTcpServers, tr_noop("a --mode server half-closes once its mode has sent everything")},
      {kRest, tr_noop("--no-shutdown is for pipe mode, one-shot and -l")}}},
    {"--append", oneshot | session | serve_reply | serve_print | kUdpClients | udp_listen | udp_reply,
     0,
     {{bit(pipe) | bit(listen), tr_noop("stdin is relayed as a byte stream with no message boundaries; "
                                  "--append needs messages: --send, --hex, -u or the session")},
      {bit(guided), tr_noop("guided mode sends what you type in its steps as it is")},
      {bit(udp_print), tr_noop("the UDP print server has no console to send from")},
      {kRest, tr_noop("this mode sends no message of its own; --append is for one-shot sends, "
                      "the session, -u clients and --mode reply or print")}}},
    {"--repeat", oneshot | udp_oneshot,
     0, {{kRest, tr_noop("--repeat needs --send, --hex or --file")}}},
    {"--script", kScripts, pipe | session | listen,
     {{kUdp, tr_noop("a script needs a TCP connection")},
      {bit(scan), kScanOnlyConnects},
      {bit(guided), tr_noop("HOST and PORT are needed to run a script")},
      {kRest, tr_noop("--script runs the exchange itself: tcpc HOST PORT --script FILE or tcpc -l PORT --script FILE")}}},
    {"--interval", oneshot | udp_oneshot,
     0, {{kRest, tr_noop("--interval goes with --repeat, which needs --send, --hex or --file")}}},
    {"--eol", session | serve_print, 0,
     {{pipe | udp_pipe, tr_noop("stdin is sent as it is (-C: LF becomes CRLF)")},
      {kRest, tr_noop("--eol ends the lines typed in the session or the print console")}}},

    // Display.
    {"--encoding", kTcpClients | guided | listen | serve_reply | serve_print | kUdpClients
                       | udp_listen | udp_reply | udp_print,
     0,
     {{serve_echo | serve_discard | serve_source | udp_echo | udp_discard | udp_source,
       tr_noop("this mode neither shows nor converts text")},
      {kScripts, kScriptBytes},
      {bit(scan), kScanOnlyConnects}},
     nullptr, nullptr, kProgramHasBytes},
    {"--undecodable", kTcpClients | guided | listen | serve_print | kUdpClients | udp_listen
                          | udp_print,
     0,
     {{kServers, tr_noop("this mode does not decode what it receives")},
      {kScripts, kScriptBytes},
      {bit(scan), kScanOnlyConnects}},
     nullptr, nullptr, kProgramHasBytes},
    {"--view", kTcpClients | listen | serve_print | kUdpClients | udp_listen | udp_print,
     0,
     {{bit(guided), tr_noop("guided mode shows the reply as text")},
      {bit(scan), kScanOnlyConnects},
      {kScripts, kScriptSteps},
      {kRest, kNotDisplayed}},
     nullptr, nullptr, kProgramHasBytes},
    {"--time", kTcpClients | listen | kUdpClients | udp_listen | udp_print,
     0,
     {{bit(serve_print), tr_noop("print mode always shows the time")},
      {bit(guided), tr_noop("guided mode shows the reply as text")},
      {bit(scan), kScanOnlyConnects},
      {kScripts, kScriptSteps},
      {kRest, kNotDisplayed}},
     nullptr, nullptr, kProgramHasBytes},
    {"--frame", kTcpClients | listen | serve_reply,
     0,
     {{bit(guided), tr_noop("guided mode shows the reply as text")},
      {bit(scan), kScanOnlyConnects},
      {kUdp, tr_noop("UDP keeps the sender's boundaries: each datagram is shown as one already")},
      {kScripts, tr_noop("expect finds its pattern in the byte stream, however it was cut")},
      {kRest, tr_noop("a server mode shows no frames; --frame is for one connection "
                      "(tcpc HOST PORT or tcpc -l PORT) and for --mode reply")}},
     nullptr, nullptr, kProgramHasBytes},
    {"--check", kTcpClients | listen,
     0,
     {{bit(guided), tr_noop("guided mode shows the reply as text")},
      {bit(scan), kScanOnlyConnects},
      {kUdp, tr_noop("--check works on --frame's frames, and UDP has no --frame")},
      {kScripts, kScriptSteps},
      {kRest, tr_noop("a server mode shows no frames; --frame is for one connection: "
                      "tcpc HOST PORT or tcpc -l PORT")}},
     nullptr, nullptr, kProgramHasBytes},
    {"-o", kTcpClients | listen | kUdpClients | udp_listen,
     0,
     {{bit(guided), tr_noop("guided mode shows the reply on the screen")},
      {bit(scan), kScanOnlyConnects},
      {kScripts, kScriptSteps},
      {kRest, tr_noop("-o saves one connection's data; --mode serves many clients")}}},

    // Statistics.
    {"--stats", kTcpClients
                    | guided | listen | kTcpServers | kUdpClients | udp_listen | kUdpServers,
     0,
     {{bit(scan), kScanOnlyConnects},
      {kScripts, tr_noop("a script reports its steps (--json: one JSON object per step)")}}},
    {"--stats-interval", pipe | oneshot | listen, 0,
     {{bit(session), tr_noop("in the session, /stats shows them when asked")},
      {bit(guided), tr_noop("--stats-interval needs a transfer: tcpc HOST PORT or tcpc -l PORT")},
      {kTcpServers, tr_noop("--mode reports each client when it leaves (use --stats)")},
      {kScripts, tr_noop("a script reports its steps (--json: one JSON object per step)")},
      {kRest, tr_noop("this mode has no TCP connection to report on")}}},
    {"--json", kTcpClients
                   | guided | listen | kTcpServers | kScripts | kUdpClients | udp_listen | kUdpServers,
     0,
     {{bit(scan), kScanOnlyConnects}}},
    {"--json-file", kTcpClients
                        | guided | listen | kTcpServers | kUdpClients | udp_listen | kUdpServers,
     0,
     {{bit(scan), kScanOnlyConnects},
      {kScripts, tr_noop("--json prints a script's steps on stdout")}}},

    // TLS.
    {"--tls", kTcp & ~bit(scan) & ~kScripts, 0, {{kScripts, kScriptPlain}, {kRest, kTlsIsTcp}}, kTlsIsTcp},
    {"--cafile", kTcp & ~bit(scan) & ~kScripts, 0, {{kScripts, kScriptPlain}, {kRest, kTlsIsTcp}}, kTlsIsTcp},
    {"--capath", kTcp & ~bit(scan) & ~kScripts, 0, {{kScripts, kScriptPlain}, {kRest, kTlsIsTcp}}, kTlsIsTcp},
    {"--insecure", kTcpClients | guided, 0,
     {{bit(listen) | kTcpServers, tr_noop("--insecure is for clients; a server verifies none unless --verify-client")},
      {kScripts, kScriptPlain},
      {kRest, kTlsIsTcp}},
     kTlsIsTcp},
    {"--servername", kTcpClients | guided, 0,
     {{bit(listen) | kTcpServers, kClientTls}, {kScripts, kScriptPlain}, {kRest, kTlsIsTcp}},
     kTlsIsTcp},
    {"--alpn", kTcp & ~bit(scan) & ~kScripts, 0, {{kScripts, kScriptPlain}, {kRest, kTlsIsTcp}}, kTlsIsTcp},
    {"--cert", kTcp & ~bit(scan) & ~kScripts, 0, {{kScripts, kScriptPlain}, {kRest, kTlsIsTcp}}, kTlsIsTcp},
    {"--key", kTcp & ~bit(scan) & ~kScripts, 0, {{kScripts, kScriptPlain}, {kRest, kTlsIsTcp}}, kTlsIsTcp},
    {"--tls-min", kTcp & ~bit(scan) & ~kScripts, 0, {{kScripts, kScriptPlain}, {kRest, kTlsIsTcp}}, kTlsIsTcp},
    {"--verify-client", bit(listen) | kTcpServers, 0,
     {{kTcpClients | guided, tr_noop("--verify-client is for a TLS server: it needs -l")},
      {kScripts, kScriptPlain},
      {kRest, kTlsIsTcp}},
     kTlsIsTcp},

    // Netcat.
    {"-d", pipe | listen | udp_pipe | udp_listen, 0,
     {{oneshot | udp_oneshot, tr_noop("one-shot mode never reads stdin")},
      {bit(session), tr_noop("the session reads the terminal")},
      {bit(guided), tr_noop("guided mode reads its answers from stdin")},
      {kRest, kNoStdinRead}},
     nullptr, nullptr, tr_noop("what the program writes is sent; -d would send nothing")},
    {"-N", kTcpClients | listen, 0,
     {{kUdp, tr_noop("UDP has no stream to shut down")},
      {kRest, kNoStdinRead}}},
    {"-q", pipe | oneshot | listen | kUdpClients | udp_listen, 0,
     {{bit(session), tr_noop("the session ends with Ctrl-D or /quit (--raw: the relay, with -q)")},
      {kServers, kServersRunOn},
      {kRest, kNoStdinRead}}},
    {"-C", pipe | oneshot | listen | kUdpClients | udp_listen, 0,
     {{bit(session), tr_noop("the session's --eol sets the line ending")},
      {bit(serve_print), tr_noop("the print console's --eol sets the line ending")},
      {kRest, kNoStdinRead}}},
    program_row("--exec"),
    program_row("--sh-exec"),
    {"-D", pipe | oneshot | session | listen | scan | kUdpClients | udp_listen, 0,
     {{bit(guided), kGuidedAsks}, {kRest, kOneConnection}}},
    {"-I", pipe | oneshot | session | listen | scan | kUdpClients | udp_listen, 0,
     {{bit(guided), kGuidedAsks}, {kRest, kOneConnection}}},
    {"-O", pipe | oneshot | session | listen | scan | kUdpClients | udp_listen, 0,
     {{bit(guided), kGuidedAsks}, {kRest, kOneConnection}}},
    {"-T", pipe | oneshot | session | listen | scan | kUdpClients | udp_listen, 0,
     {{bit(guided), kGuidedAsks}, {kRest, kOneConnection}}, kNoIpOnUnix},
    {"-M", pipe | oneshot | session | listen | scan | kUdpClients | udp_listen, 0,
     {{bit(guided), kGuidedAsks}, {kRest, kOneConnection}}, kNoIpOnUnix},
    {"-m", pipe | oneshot | session | listen | scan | kUdpClients | udp_listen, 0,
     {{bit(guided), kGuidedAsks}, {kRest, kOneConnection}}, kNoIpOnUnix},
    {"-b", kUdpClients, 0,
     {{bit(udp_listen) | kUdpServers, tr_noop("-b lets a UDP client send to a broadcast address")},
      {kRest, tr_noop("broadcast is for UDP (-u)")}}},
    {"-r", bit(scan), 0,
     {{kRest, tr_noop("-r checks the ports of -z in random order; the system picks a random "
                      "source port already")}}},
    {"-F", bit(pipe), 0,
     {{bit(session), tr_noop("-F passes the connection to stdout, which here is a terminal")},
      {oneshot | udp_oneshot, tr_noop("-F hands the connection over; it sends nothing itself")},
      {kUdp, tr_noop("-F passes a TCP connection (ssh's ProxyUseFdpass)")},
      {kRest, tr_noop("-F passes the connection it makes: tcpc -F HOST PORT")}},
     nullptr, tr_noop("-F passes the plain socket; TLS would stay behind in tcpc"),
     tr_noop("-F hands the connection to stdout; --exec hands it to a program")},
    {"-t", pipe | listen, 0,
     {{bit(session), tr_noop("-t answers in pipe mode: the session shows what arrives as text")},
      {oneshot | udp_oneshot, tr_noop("-t answers a Telnet server while stdin is relayed")},
      {kUdp, tr_noop("Telnet runs over TCP")},
      {kRest, tr_noop("-t is for one connection: tcpc -t HOST PORT or tcpc -t -l PORT")}},
     nullptr, tr_noop("-t answers over the plain socket, not inside TLS"), kProgramHasBytes},
    {"-S", pipe | oneshot | session | listen | kTcpServers | scan, 0,
     {{bit(guided), kGuidedAsks},
      {kRest, tr_noop("TCP MD5 signs TCP segments; UDP has none")}},
     tr_noop("a Unix socket has no TCP segments to sign")},
    {"-i", 0, 0,
     {{kRest, tr_noop("a delay between the lines sent is not supported; --repeat N "
                      "--interval SECS repeats a --send, --hex or --file")}}},
    {"-V", 0, 0,
     {{kRest, tr_noop("routing tables (rtable) are OpenBSD's; on Linux run tcpc in a VRF "
                      "(ip vrf exec NAME tcpc ...)")}}},
    {"-W", 0, 0,
     {{kRest, tr_noop("counting packets is not supported; --recv-size N stops after N bytes")}}},
    {"-Z", 0, 0, {{kRest, tr_noop("DCCP is not supported")}}},
};
// clang-format on

}  // namespace

std::span<const OptionRow> option_table() {
  return kRows;
}

const OptionRow* find_option_row(std::string_view name) {
  for (const OptionRow& row : kRows) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

const char* refusal_reason(const OptionRow& row, RunMode mode) {
  const ModeSet mode_bit = bit(mode);
  if ((row.works | row.not_applicable) & mode_bit) return nullptr;
  for (const Refusal& refusal : row.refusals) {
    if (refusal.reason && (refusal.modes & mode_bit)) return refusal.reason;
  }
  return nullptr;  // a gap in the table; the unit test OptionTable finds it
}

Support support(const OptionRow& row, RunMode mode) {
  if (row.works & bit(mode)) return Support::works;
  if (row.not_applicable & bit(mode)) return Support::not_applicable;
  return Support::refused;
}

const char* mode_label(RunMode mode) {
  switch (mode) {
    case pipe:
      return tr_noop("pipe mode");
    case oneshot:
      return tr_noop("one-shot mode (--send, --hex, --file)");
    case session:
      return tr_noop("the interactive session");
    case guided:
      return tr_noop("guided mode");
    case listen:
      return "-l";
    case serve_echo:
      return "--mode echo";
    case serve_reply:
      return "--mode reply";
    case serve_discard:
      return "--mode discard";
    case serve_print:
      return "--mode print";
    case serve_source:
      return "--mode source";
    case scan:
      return "-z";
    case udp_pipe:
      return "-u";
    case udp_oneshot:
      return tr_noop("-u with --send, --hex or --file");
    case udp_listen:
      return "-u -l";
    case udp_echo:
      return "-u -l --mode echo";
    case udp_reply:
      return "-u -l --mode reply";
    case udp_discard:
      return "-u -l --mode discard";
    case udp_print:
      return "-u -l --mode print";
    case udp_source:
      return "-u -l --mode source";
    case script:
      return "--script";
    case listen_script:
      return "-l --script";
  }
  return "";
}

const char* mode_column(RunMode mode) {
  static constexpr const char* kColumns[kRunModeCount] = {
      "pipe",    "one-shot", "session",    "guided",   "-l",        "echo",      "reply",
      "discard", "print",    "source",     "-z",       "-u",        "-u --send", "-u -l",
      "-u echo", "-u reply", "-u discard", "-u print", "-u source", "script",    "-l script"};
  return kColumns[static_cast<std::size_t>(mode)];
}

Result<void> check_option_modes(const std::vector<std::string>& given, const ModeContext& context) {
  auto refuse = [](std::string_view name, const char* where, const char* why) {
    return Error(errc::invalid_argument, "",
                 trf("{} is not available with {}: {}", name, tr(where), tr(why)));
  };
  for (const std::string& name : given) {
    const OptionRow* row = find_option_row(name);
    if (!row) continue;
    if (const char* why = refusal_reason(*row, context.mode))
      return refuse(name, mode_label(context.mode), why);
    if (context.unix_socket && row->unix_refusal) return refuse(name, "-U", row->unix_refusal);
    if (context.tls && row->tls_refusal) return refuse(name, "--tls", row->tls_refusal);
    if (context.exec && row->exec_refusal) return refuse(name, "--exec", row->exec_refusal);
  }
  return {};
}

}  // namespace tcpc::cli
