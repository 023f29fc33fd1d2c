// SPDX-License-Identifier: MIT
// Every cell of the option-by-mode table (src/cli/option_modes.cpp) through
// the real parser: a refused pair exits 2 with the table's one line; a
// supported pair parses to that mode. What a supported option does there is
// shown by tests/integration/test_option_matrix.py. docs/options.md must be
// what the table renders.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "exit_code.hpp"
#include "option_modes.hpp"
#include "options.hpp"

namespace {

using namespace tcpc::cli;
using Args = std::vector<std::string>;

// A command line in `mode`, without the option under test. `option` is the
// row: the command line makes room for it (-p is the listening port itself,
// --send makes one-shot mode itself, -U replaces HOST PORT).
Args mode_args(RunMode mode, std::string_view option) {
  if (option == "--interactive" && mode == RunMode::session)
    return mode_args(RunMode::pipe, option);
  const bool data = option == "--send" || option == "--hex" || option == "--file";
  const Args script = option == "--script" ? Args{} : Args{"--script", "/tmp/tcpc-test-script"};
  const bool unix_socket = option == "-U";
  const Args client = unix_socket ? Args{"/tmp/tcpc-test.sock"} : Args{"127.0.0.1", "7000"};
  const Args port = option == "-p" ? Args{} : unix_socket ? client : Args{"0"};
  Args send = data ? Args{} : Args{"--send", "x"};
  auto join = [](Args a, const Args& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  auto server = [&](Args words) { return join(join({"-l"}, port), join({"--mode"}, words)); };
  const bool reply_given = option == "--reply" || option == "--reply-hex";
  const Args reply = reply_given ? Args{"reply"} : Args{"reply", "pong"};
  const Args source = option == "--source-bytes" ? Args{"source"} : Args{"source", "10"};
  switch (mode) {
    case RunMode::pipe:
      return client;
    case RunMode::session:  // on a terminal too; TheTerminalDecides... in test_options.cpp
      return join(client, {"--interactive"});
    case RunMode::oneshot:
      return join(client, send);
    case RunMode::guided:
      return {};
    case RunMode::listen:
      return join({"-l"}, port);
    case RunMode::serve_echo:
      return server({"echo"});
    case RunMode::serve_reply:
      return server(reply);
    case RunMode::serve_discard:
      return server({"discard"});
    case RunMode::serve_print:
      return server({"print"});
    case RunMode::serve_source:
      return server(source);
    case RunMode::scan:
      return join({"-z"}, unix_socket ? client : Args{"127.0.0.1", "80"});
    case RunMode::script:
      return join(client, script);
    case RunMode::listen_script:
      return join(join({"-l"}, port), script);
    default:
      break;
  }
  // The UDP modes: -u and the TCP mode's command line.
  const auto tcp =
      static_cast<RunMode>(static_cast<int>(mode) - static_cast<int>(RunMode::udp_pipe));
  static const RunMode kTcpOf[] = {
      RunMode::pipe,        RunMode::oneshot,       RunMode::listen,      RunMode::serve_echo,
      RunMode::serve_reply, RunMode::serve_discard, RunMode::serve_print, RunMode::serve_source};
  return join({"-u"}, mode_args(kTcpOf[static_cast<int>(tcp)], option));
}

// The option as given, with the values and the other options it needs to
// parse where it works (--cafile needs --tls, --interval needs --repeat).
Args option_args(std::string_view option, RunMode mode, bool works) {
  static const std::map<std::string_view, Args> kValues = {
      {"-p", {"-p", "4000"}},
      {"-s", {"-s", "127.0.0.1"}},
      {"-w", {"-w", "1"}},
      {"--recv-size", {"--recv-size", "5"}},
      {"--parallel", {"--parallel", "4"}},
      {"-U", {"-U"}},
      {"--reply", {"--reply", "x"}},
      {"--reply-hex", {"--reply-hex", "41"}},
      {"--source-bytes", {"--source-bytes", "5"}},
      {"--max-clients", {"--max-clients", "3"}},
      {"--send", {"--send", "y"}},
      {"--hex", {"--hex", "41"}},
      {"--file", {"--file", "/tmp/tcpc-test-input"}},
      {"--repeat", {"--repeat", "2"}},
      {"--interval", {"--interval", "0.1"}},
      {"--eol", {"--eol", "crlf"}},
      {"--encoding", {"--encoding", "gbk"}},
      {"--undecodable", {"--undecodable", "escape"}},
      {"--view", {"--view", "hex"}},
      {"--frame", {"--frame", "line"}},
      {"--check", {"--check", "crc16-modbus"}},
      {"--append", {"--append", "crc16-modbus"}},
      {"-o", {"-o", "/tmp/tcpc-test-output"}},
      {"--stats-interval", {"--stats-interval", "1"}},
      {"--json-file", {"--json-file", "/tmp/tcpc-test.json"}},
      {"--cafile", {"--cafile", "/tmp/ca.pem"}},
      {"--capath", {"--capath", "/tmp"}},
      {"--servername", {"--servername", "example.org"}},
      {"--alpn", {"--alpn", "h2"}},
      {"--cert", {"--cert", "/tmp/cert.pem"}},
      {"--key", {"--key", "/tmp/key.pem"}},
      {"--exec", {"--exec", "cat"}},
      {"--sh-exec", {"--sh-exec", "cat"}},
      {"--tls-min", {"--tls-min", "1.3"}},
      {"-q", {"-q", "1"}},
      {"-x", {"-x", "127.0.0.1:1080"}},
      {"-X", {"-X", "connect"}},
      {"-P", {"-P", "ann"}},
      {"--allow", {"--allow", "127.0.0.1"}},
      {"--allowfile", {"--allowfile", "/tmp/tcpc-test-allow"}},
      {"--deny", {"--deny", "192.0.2.0/24"}},
      {"--denyfile", {"--denyfile", "/tmp/tcpc-test-deny"}},
      {"-I", {"-I", "8192"}},
      {"-O", {"-O", "8192"}},
      {"-T", {"-T", "lowdelay"}},
      {"-M", {"-M", "9"}},
      {"-m", {"-m", "1"}},
      {"-i", {"-i", "1"}},
      {"-V", {"-V", "1"}},
      {"-W", {"-W", "3"}},
      {"--script", {"--script", "/tmp/tcpc-test-script"}},
      {"--rule", {"--rule", "PING => PONG"}},
      {"--rules", {"--rules", "/tmp/tcpc-test-rules"}},
      {"--rule-delay", {"--rule-delay", "10"}},
  };
  auto found = kValues.find(option);
  Args args = found != kValues.end() ? found->second : Args{std::string(option)};
  // --check needs --frame, which works in the same modes (and, refused, would be named first).
  if (option == "--check" && support(*find_option_row("--frame"), mode) == Support::works)
    args.insert(args.end(), {"--frame", "fixed:8"});
  if (!works) return args;
  const bool tls_option = option.starts_with("--ca") || option == "--insecure" ||
                          option == "--servername" || option == "--alpn" || option == "--cert" ||
                          option == "--key" || option == "--tls-min" || option == "--verify-client";
  if (tls_option) args.push_back("--tls");
  const bool server = mode != RunMode::pipe && mode != RunMode::oneshot &&
                      mode != RunMode::session && mode != RunMode::guided;
  if (server && option.starts_with("--ca")) args.push_back("--verify-client");
  if (option == "--verify-client") args.insert(args.end(), {"--cafile", "/tmp/ca.pem"});
  if (option == "--key") args.insert(args.end(), {"--cert", "/tmp/cert.pem"});
  if (option == "--interval") args.insert(args.end(), {"--repeat", "2"});
  if (option == "-X" || option == "-P") args.insert(args.end(), {"-x", "127.0.0.1"});
  return args;
}

struct Parsed {
  std::optional<Options> options;
  std::optional<tcpc::Error> error;
};

Parsed parse(Args args, bool on_terminal) {
  args.insert(args.begin(), "tcpc");
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  ParseOutcome outcome = parse_options(static_cast<int>(argv.size()), argv.data());
  if (outcome.error) return {std::nullopt, outcome.error};
  if (!outcome.options) return {};
  if (auto settled = settle_terminal(*outcome.options, on_terminal); !settled)
    return {std::nullopt, settled.error()};
  return {outcome.options, std::nullopt};
}

std::string shown(const Args& args) {
  std::string out = "tcpc";
  for (const std::string& arg : args)
    out += " " + arg;
  return out;
}

RunMode mode_at(std::size_t index) {
  return static_cast<RunMode>(index);
}

TEST(OptionTable, EveryRefusedCellHasAReason) {
  for (const OptionRow& row : option_table()) {
    for (std::size_t i = 0; i < kRunModeCount; ++i) {
      if (support(row, mode_at(i)) != Support::refused) continue;
      EXPECT_NE(refusal_reason(row, mode_at(i)), nullptr)
          << row.name << " in " << mode_label(mode_at(i));
    }
    EXPECT_EQ(row.works & row.not_applicable, 0u) << row.name;
  }
}

TEST(OptionTable, EveryCellThroughTheParser) {
  int refused = 0;
  int works = 0;
  for (const OptionRow& row : option_table()) {
    for (std::size_t i = 0; i < kRunModeCount; ++i) {
      const RunMode mode = mode_at(i);
      const Support cell = support(row, mode);
      if (cell == Support::not_applicable) continue;
      Args args = mode_args(mode, row.name);
      const Args option = option_args(row.name, mode, cell == Support::works);
      args.insert(args.end(), option.begin(), option.end());
      const Parsed parsed = parse(args, mode == RunMode::session);
      if (cell == Support::works) {
        ++works;
        ASSERT_TRUE(parsed.options)
            << shown(args) << ": " << (parsed.error ? parsed.error->message() : "");
        EXPECT_EQ(parsed.options->context.mode, mode) << shown(args);
        continue;
      }
      ++refused;
      ASSERT_TRUE(parsed.error) << shown(args) << " should be refused";
      EXPECT_EQ(exit_code_for(*parsed.error), kUsage) << shown(args);
      const std::string expected = std::string(row.name) + " is not available with " +
                                   mode_label(mode) + ": " + refusal_reason(row, mode);
      EXPECT_EQ(parsed.error->message(), expected) << shown(args);
    }
  }
  // The table is not empty, and both halves are walked.
  EXPECT_GT(works, 300);
  EXPECT_GT(refused, 300);
}

// -U, --tls and --exec on top of pipe mode: the rows they refuse, and those they keep.
TEST(OptionTable, TransportColumnsThroughTheParser) {
  enum class Column { unix_socket, tls, exec };
  for (const OptionRow& row : option_table()) {
    if (support(row, RunMode::pipe) != Support::works || row.name == "-U" || row.name == "--tls" ||
        row.name == "--exec" || row.name == "--sh-exec")
      continue;
    for (const Column column : {Column::unix_socket, Column::tls, Column::exec}) {
      Args args = column == Column::unix_socket ? Args{"-U", "/tmp/tcpc-test.sock"}
                  : column == Column::tls       ? Args{"127.0.0.1", "7000", "--tls"}
                                                : Args{"127.0.0.1", "7000", "--exec", "cat"};
      // With -U, none of the TLS options' companions: --tls would be refused first.
      const Args option = option_args(row.name, RunMode::pipe, column != Column::unix_socket);
      args.insert(args.end(), option.begin(), option.end());
      const char* refusal = column == Column::unix_socket ? row.unix_refusal
                            : column == Column::tls       ? row.tls_refusal
                                                          : row.exec_refusal;
      const char* where = column == Column::unix_socket ? "-U"
                          : column == Column::tls       ? "--tls"
                                                        : "--exec";
      const Parsed parsed = parse(args, false);
      if (!refusal) {
        EXPECT_TRUE(parsed.options)
            << shown(args) << ": " << (parsed.error ? parsed.error->message() : "");
        continue;
      }
      ASSERT_TRUE(parsed.error) << shown(args);
      // A companion the option needs (--check needs --frame) may be named
      // first, refused for the same reason.
      const std::string message = parsed.error->message();
      const std::string tail = std::string(" is not available with ") + where + ": " + refusal;
      EXPECT_TRUE(message == std::string(row.name) + tail ||
                  (message.ends_with(tail) && message.rfind('-', 0) == 0))
          << shown(args) << ": " << message;
    }
  }
}

TEST(OptionDocs, DocsOptionsMdIsWhatTheTableRenders) {
  const std::string path = std::string(TCPC_SOURCE_DIR) + "/docs/options.md";
  const std::string rendered = options_markdown();
  if (std::getenv("TCPC_WRITE_OPTIONS_MD")) std::ofstream(path) << rendered;
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(), rendered)
      << "docs/options.md differs from the table in src/cli/option_modes.cpp; rewrite it with "
         "TCPC_WRITE_OPTIONS_MD=1 build/tests/tcpc_cli_unit_tests --gtest_filter=OptionDocs.*";
}

}  // namespace
