// SPDX-License-Identifier: MIT
// parse_options() as a table of argument lists: each row is a command line
// and either the fields it must give or the usage error it must give.
// Parsing is pure, so nothing here touches the network, files or terminal.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "bench_options.hpp"
#include "exit_code.hpp"
#include "options.hpp"

namespace {

using namespace tcpc::cli;
using Args = std::vector<std::string>;

ParseOutcome parse(Args args) {
  args.insert(args.begin(), "tcpc");
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

std::string shown(const Args& args) {
  std::string out = "tcpc";
  for (const std::string& arg : args)
    out += " " + arg;
  return out;
}

struct Parses {
  Args args;
  std::function<void(const Options&)> check;
};

TEST(ParseOptions, CommandLinesGiveTheseFields) {
  const std::vector<Parses> rows = {
      {{}, [](const Options& o) { EXPECT_EQ(o.mode, Mode::guided); }},
      {{"example.org", "80"},
       [](const Options& o) {
         EXPECT_EQ(o.mode, Mode::pipe);
         EXPECT_TRUE(o.session_on_terminal);
         EXPECT_EQ(o.host, "example.org");
         EXPECT_EQ(o.port, 80);
       }},
      {{"--raw", "h", "80"}, [](const Options& o) { EXPECT_FALSE(o.session_on_terminal); }},
      {{"-x", "proxy", "h", "22"},
       [](const Options& o) {
         ASSERT_TRUE(o.proxy);
         EXPECT_EQ(o.proxy->protocol, tcpc::ProxyProtocol::socks5);
         EXPECT_EQ(o.proxy->host, "proxy");
         EXPECT_EQ(o.proxy->port, 1080);
         EXPECT_EQ(o.host, "h");
       }},
      {{"-X", "CONNECT", "-x", "[::1]", "-P", "ann", "h", "22"},
       [](const Options& o) {
         ASSERT_TRUE(o.proxy);
         EXPECT_EQ(o.proxy->protocol, tcpc::ProxyProtocol::http_connect);
         EXPECT_EQ(o.proxy->host, "::1");
         EXPECT_EQ(o.proxy->port, 3128);
         EXPECT_EQ(o.proxy->username, "ann");
       }},
      {{"-X", "4", "-x", "10.0.0.1:9050", "-z", "h", "22"},
       [](const Options& o) {
         ASSERT_TRUE(o.proxy);
         EXPECT_EQ(o.proxy->protocol, tcpc::ProxyProtocol::socks4);
         EXPECT_EQ(o.proxy->port, 9050);
         EXPECT_EQ(o.mode, Mode::scan);
       }},
      {{"-x", "::1", "h", "22"}, [](const Options& o) { EXPECT_EQ(o.proxy->host, "::1"); }},
      {{"-d", "h", "80"}, [](const Options& o) { EXPECT_FALSE(o.session_on_terminal); }},
      {{"h", "80", "--interactive"}, [](const Options& o) { EXPECT_EQ(o.mode, Mode::session); }},
      {{"h", "80", "--send", "a\\n", "-C"},
       [](const Options& o) {
         EXPECT_EQ(o.mode, Mode::oneshot);
         EXPECT_EQ(*o.send_text, "a\r\n");  // escapes, then -C
       }},
      {{"h", "80", "--hex", "48 69", "--repeat", "3", "--interval", "0.25"},
       [](const Options& o) {
         EXPECT_EQ(*o.send_hex, "Hi");
         EXPECT_EQ(o.repeat, 3u);
         EXPECT_EQ(o.interval.count(), 250);
       }},
      // -s is kept as given: resolving it is option_setup's I/O, not parsing's.
      {{"-s", "localhost", "-p", "4000", "h", "80"},
       [](const Options& o) {
         EXPECT_EQ(o.source_address, "localhost");
         EXPECT_EQ(o.source_port, 4000);
         EXPECT_FALSE(o.source);
       }},
      {{"-l", "0"}, [](const Options& o) { EXPECT_EQ(o.mode, Mode::listen); }},
      {{"-l", "-p", "7000", "-s", "::1"},
       [](const Options& o) {
         EXPECT_EQ(o.port, 7000);
         EXPECT_EQ(o.host, "::1");
       }},
      {{"-lk", "127.0.0.1", "7000"},
       [](const Options& o) {
         EXPECT_TRUE(o.keep_listening);
         EXPECT_EQ(o.host, "127.0.0.1");
       }},
      // ncat's --keep-open is -k.
      {{"-l", "--keep-open", "7000"},
       [](const Options& o) {
         EXPECT_TRUE(o.keep_listening);
         EXPECT_FALSE(o.no_shutdown);
       }},
      {{"h", "80", "--no-shutdown"},
       [](const Options& o) {
         EXPECT_EQ(o.context.mode, RunMode::pipe);
         EXPECT_TRUE(o.no_shutdown);
       }},
      {{"-l", "0", "--mode", "reply", "pong\\n"},
       [](const Options& o) {
         EXPECT_EQ(o.mode, Mode::serve);
         EXPECT_EQ(o.server_mode, tcpc::ServerMode::reply);
         EXPECT_EQ(o.reply, "pong\n");
         EXPECT_EQ(o.context.mode, RunMode::serve_reply);
       }},
      {{"-l", "0", "--mode=source", "100"},
       [](const Options& o) { EXPECT_EQ(o.source_bytes, 100u); }},
      {{"-u", "-l", "0", "--mode", "echo", "--once"},
       [](const Options& o) {
         EXPECT_TRUE(o.udp);
         EXPECT_EQ(o.context.mode, RunMode::udp_echo);
         EXPECT_TRUE(o.once);
       }},
      {{"-z", "h", "22", "80", "8000-8001"},
       [](const Options& o) {
         EXPECT_EQ(o.mode, Mode::scan);
         EXPECT_EQ(o.scan_ports, (std::vector<std::uint16_t>{22, 80, 8000, 8001}));
       }},
      {{"-U", "/tmp/s"},
       [](const Options& o) {
         EXPECT_TRUE(o.unix_path);
         EXPECT_TRUE(o.context.unix_socket);
       }},
      {{"-q", "1.5", "-w", "2", "h", "80"},
       [](const Options& o) {
         EXPECT_EQ(o.quit_after_eof->count(), 1500);
         EXPECT_EQ(o.timeout->count(), 2000);
       }},
      {{"h", "80", "--stats", "--json", "--stats-interval", "0.5"},
       [](const Options& o) {
         EXPECT_TRUE(o.stats.json);
         EXPECT_FALSE(o.stats.text);
         EXPECT_EQ(o.stats.interval.count(), 500);
       }},
      {{"h", "80", "--tls", "--insecure", "--alpn", "h2,http/1.1"},
       [](const Options& o) {
         EXPECT_TRUE(o.context.tls);
         EXPECT_FALSE(o.tls.client.verify);
         EXPECT_EQ(o.tls.client.alpn.size(), 2u);
       }},
      {{"h", "80", "-o", "out.bin", "--view", "both", "--time"},
       [](const Options& o) {
         EXPECT_EQ(*o.output_file, "out.bin");
         EXPECT_TRUE(o.show_time);
       }},
      {{"h", "80", "--sendx"}, nullptr},  // an error row below checks it
  };
  for (const Parses& row : rows) {
    if (!row.check) continue;
    ParseOutcome outcome = parse(row.args);
    ASSERT_TRUE(outcome.options) << shown(row.args) << ": "
                                 << (outcome.error ? outcome.error->message() : outcome.text);
    row.check(*outcome.options);
  }
}

struct Refused {
  Args args;
  std::string message;
};

TEST(ParseOptions, CommandLinesGiveTheseUsageErrors) {
  const std::vector<Refused> rows = {
      {{"h", "80", "--sendx", "a"}, "The following argument was not expected: --sendx"},
      {{"h", "70000"}, "invalid port '70000': must be from 1 to 65535"},
      {{"h"}, "missing PORT: tcpc HOST PORT"},
      {{"-l", "-z", "h", "80"}, "cannot use -l and -z: -z checks ports, -l waits for a client"},
      {{"-z", "-u", "h", "80"}, "cannot use -z and -u: UDP has no handshake to check"},
      {{"h", "80", "--mode", "echo"}, "--mode needs -l: tcpc -l PORT --mode echo"},
      {{"-l", "0", "--mode", "bounce"},
       "unknown --mode 'bounce' (supported: echo, discard, print, reply, source)"},
      {{"-4", "-6", "h", "80"}, "cannot use -4 and -6 together"},
      {{"-w", "0", "h", "80"}, "-w needs a positive number of seconds"},
      {{"-w", "-1", "h", "80"}, "-w needs a positive number of seconds"},
      {{"h", "80", "--hex", "41", "-C"}, "cannot use -C and --hex: hex bytes are sent as given"},
      {{"h", "80", "--send", "x", "--interval", "1"}, "--interval goes with --repeat"},
      {{"-l", "0", "--mode", "echo", "-o", "x"},
       "-o is not available with --mode echo: -o saves one connection's data; --mode serves "
       "many clients"},
      {{"-u", "h", "80", "-N"}, "-N is not available with -u: UDP has no stream to shut down"},
      {{"h", "80", "--keep-open"},
       "-k is not available with pipe mode: -k is for the single-client relay: tcpc -l -k PORT"},
      {{"-l", "0", "--mode", "echo", "--no-shutdown"},
       "--no-shutdown is not available with --mode echo: a --mode server half-closes once its "
       "mode has sent everything"},
      {{"h", "80", "-N", "--no-shutdown"},
       "cannot use -N and --no-shutdown: -N half-closes at the end of input, --no-shutdown keeps "
       "the sending side open"},
      {{"h", "80", "-d", "--no-shutdown"},
       "cannot use -d and --no-shutdown: with -d tcpc sends nothing and never half-closes"},
      {{"-U", "/tmp/s", "-p", "5"}, "-p is not available with -U: -U takes a path, not an address"},
      {{"-z", "h", "80", "--tls"}, "--tls is not available with -z: TLS is for TCP connections"},
      {{"h", "80", "--cafile", "ca.pem"}, "--cafile needs --tls"},
      {{"-X", "socks", "-x", "p", "h", "80"},
       "-X 'socks': the proxy protocol is 4 (SOCKS4), 5 (SOCKS5) or connect (HTTP)"},
      {{"-X", "5", "h", "80"}, "-X needs -x: tcpc -X 5 -x PROXY HOST PORT"},
      {{"-P", "ann", "h", "80"}, "-P needs -x: tcpc -x PROXY -P USER HOST PORT"},
      {{"-x", "p:0", "h", "80"}, "invalid port '0': must be from 1 to 65535"},
      {{"-x", "[::1]1080", "h", "80"}, "-x '[::1]1080': expected ':PORT' after ']'"},
      {{"-z", "--parallel", "8", "-x", "p", "h", "80"},
       "cannot use --parallel with -x: the proxy is asked for one port at a time"},
      {{"-l", "0", "-x", "p"},
       "-x is not available with -l: a proxy is for connecting out; a server waits for "
       "connections"},
      {{"bench", "rr", "h", "port"},
       "invalid port 'port': must be from 1 to 65535 or a known service name"},
      {{"bench", "rr", "h", "80", "--time", "0"}, "--time must be > 0"},
  };
  for (const Refused& row : rows) {
    ParseOutcome outcome = parse(row.args);
    if (!outcome.error) {
      ADD_FAILURE() << shown(row.args) << " parsed";
      continue;
    }
    EXPECT_EQ(outcome.error->message(), row.message) << shown(row.args);
    EXPECT_EQ(exit_code_for(*outcome.error), kUsage) << shown(row.args);
  }
}

TEST(ParseOptions, TheTerminalDecidesBetweenPipeModeAndTheSession) {
  ParseOutcome piped = parse({"h", "80", "--eol", "crlf"});
  ASSERT_TRUE(piped.options);
  Options on_terminal = *piped.options;
  EXPECT_TRUE(settle_terminal(on_terminal, true));
  EXPECT_EQ(on_terminal.mode, Mode::session);
  auto refused = settle_terminal(*piped.options, false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message(),
            "--eol is not available with pipe mode: stdin is sent as it is (-C: LF becomes CRLF)");
  ParseOutcome quit = parse({"h", "80", "-q", "1"});
  ASSERT_TRUE(quit.options);
  EXPECT_FALSE(settle_terminal(*quit.options, true));  // -q in the session
}

TEST(ParseOptions, HelpAndVersionAreTextForMainToPrint) {
  ParseOutcome version = parse({"--version"});
  EXPECT_FALSE(version.options);
  EXPECT_FALSE(version.error);
  EXPECT_EQ(version.text.rfind("tcpc ", 0), 0u);
  EXPECT_NE(parse({"--help"}).text.find("--send"), std::string::npos);
  EXPECT_NE(parse({"bench", "--help"}).text.find("throughput"), std::string::npos);
}

TEST(ParseOptions, BenchIsParsedByTheSameParser) {
  ParseOutcome outcome = parse({"bench", "rr", "127.0.0.1", "7000", "--size", "32", "--time", "2",
                                "--json", "--tls", "--insecure"});
  ASSERT_TRUE(outcome.bench) << (outcome.error ? outcome.error->message() : outcome.text);
  EXPECT_STREQ(outcome.program, "tcpc bench");
  EXPECT_EQ(outcome.bench->workload, BenchWorkload::round_trips);
  EXPECT_EQ(outcome.bench->port, 7000);
  EXPECT_EQ(outcome.bench->setup.round_trips.size, 32u);
  EXPECT_TRUE(outcome.bench->json);
  EXPECT_TRUE(outcome.bench->client.tls.enabled);
  EXPECT_FALSE(outcome.bench->client.tls.client.verify);
  ParseOutcome missing = parse({"bench"});
  ASSERT_TRUE(missing.error);
  EXPECT_EQ(exit_code_for(*missing.error), kUsage);
}

}  // namespace
