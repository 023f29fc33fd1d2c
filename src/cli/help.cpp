// SPDX-License-Identifier: MIT
#include "help.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "text_columns.hpp"

namespace tcpc::cli::help {
namespace {

// The modes and examples after the options: formatted only when --help asks.
std::string footer();

// CLI11 lists groups in the order their first option was added; this lists
// them in the order given, and any group it does not know after them.
class GroupedFormatter : public CLI::Formatter {
 public:
  explicit GroupedFormatter(std::vector<std::string> order) : order_(std::move(order)) {}

  // CLI11's make_help with ordered_groups() for its (non-virtual) make_groups.
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override {
    if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
    return make_description(app) + make_usage(app, name) + make_positionals(app) +
           ordered_groups(app) + make_subcommands(app, mode) + "\n" + footer() + "\n";
  }

 private:
  std::string ordered_groups(const CLI::App* app) const {
    std::vector<const CLI::Option*> all = app->get_options();
    for (const CLI::App* group : app->get_subcommands({})) {
      if (!group->get_name().empty()) continue;  // a real subcommand, not an options_in() group
      const auto more = group->get_options();
      all.insert(all.end(), more.begin(), more.end());
    }
    std::vector<std::string> groups = order_;
    for (const CLI::Option* option : all) {
      if (std::find(groups.begin(), groups.end(), option->get_group()) == groups.end())
        groups.push_back(option->get_group());
    }
    std::string out;
    for (const std::string& group : groups) {
      std::vector<const CLI::Option*> options;
      std::copy_if(all.begin(), all.end(), std::back_inserter(options),
                   [&group](const CLI::Option* option) {
                     return option->get_group() == group && option->nonpositional();
                   });
      if (!group.empty() && !options.empty()) out += make_group(group, false, options);
    }
    return out;
  }

  // CLI11's format_help pads the option column with std::setw, which
  // counts bytes: a translated label ("Excludes", a value name) in it put the
  // description too far left, by one column per Chinese character. This pads
  // by display width (text_columns.hpp), so every description starts at the
  // same column in every language. At least two spaces keep a description
  // apart from a long name ("--raw Excludes: --interactive"); a name that
  // leaves less has its description on the next line.
  std::string make_option(const CLI::Option* option, bool is_positional) const override {
    const std::string name =
        "  " + make_option_name(option, is_positional) + make_option_opts(option);
    const std::string description = make_option_desc(option);
    std::string out = name;
    if (!description.empty()) {
      const std::string indent(column_width_, ' ');
      out = text_columns(name) + 2 > column_width_ ? name + "\n" + indent
                                                   : pad_right(name, column_width_);
      for (const char c : description) {
        out += c;
        if (c == '\n') out += indent;
      }
    }
    return out + "\n";
  }

  std::vector<std::string> order_;
};

struct Line {
  const char* command;
  const char* msgid;
};

// The modes, one line each.
constexpr Line kModes[] = {
    {"tcpc", tr_noop("guided: the six steps of a TCP client, with prompts")},
    {"tcpc HOST PORT --send TEXT", tr_noop("one-shot: send, print the reply, exit")},
    {"tcpc HOST PORT", tr_noop("pipe: stdin to the server, the server to stdout")},
    {"tcpc -l [HOST] PORT", tr_noop("listen for one client, relay it like pipe mode")},
    {"tcpc -l [HOST] PORT --mode echo", tr_noop("echo server for many clients (Ctrl-C stops it)")},
    {"tcpc -l PORT --mode print", tr_noop("show every client's data; type replies on a terminal")},
    {"tcpc -l PORT --mode reply TEXT", tr_noop("answer every message with TEXT (--reply-hex HEX)")},
    {"tcpc -l PORT --mode source N", tr_noop("send each client N bytes, then close")},
    {"tcpc -l PORT --mode discard", tr_noop("read and count")},
    {"tcpc -u HOST PORT", tr_noop("UDP: each stdin line is one datagram (-u -l: receive)")},
    {"tcpc -z HOST 22,80,8000-8100", tr_noop("port check: which ports accept a connection")},
    {"tcpc -U PATH / tcpc -l -U PATH", tr_noop("Unix domain socket client / server")},
    {"tcpc --tls HOST 443", tr_noop("any client mode over TLS (certificate verified)")},
    {"tcpc HOST PORT --script FILE", tr_noop("send and expect as FILE says (docs/scripts.md)")},
    {"tcpc -l PORT --rule 'M => R'", tr_noop("answer by rule: a fake device, frame by frame")},
    {"tcpc -l -k PORT --exec PROG", tr_noop("give each client its own PROG (ncat's --exec)")},
    {"tcpc bench SUBCOMMAND", tr_noop("measure a server: throughput, rr, connect, conns")},
    {"tcpc checksum SPEC HEX", tr_noop("a checksum (crc16-modbus, crc32, sum8...) of some bytes")},
};

// Worked examples: what it does, then the command.
constexpr Line kExamples[] = {
    {"tcpc", tr_noop("Learn: the guided client asks for IP, port, text and encoding")},
    {"tcpc 127.0.0.1 7000 --send 'PING\\r\\n'", tr_noop("One-shot: send a line, print the reply")},
    {"tcpc example.org 80 < request.txt > reply.bin",
     tr_noop("Pipe: a request from a file, the reply into a file, byte-exact")},
    {"tcpc -l 127.0.0.1 7000 --mode echo",
     tr_noop("A server to test against: echo every client (port 0 picks a free port)")},
    {"tcpc 127.0.0.1 7000 --hex '01 03 00 00 00 0a' --view hex --time",
     tr_noop("Send bytes given as hex, show the reply as a hex dump with times")},
    {"tcpc 127.0.0.1 7000 --hex '01 03 00 00 00 0a' --append crc16-modbus",
     tr_noop("The same request with its Modbus CRC appended (c5 cd)")},
    {"tcpc 127.0.0.1 7000 --encoding gbk --send '你好'",
     tr_noop("Text as GBK on the wire, the reply decoded back")},
    {"tcpc 127.0.0.1 7000 --send hi --stats",
     tr_noop("What TCP did: handshake, round-trip time, retransmissions, windows")},
    {"tcpc --tls example.org 443 --send 'HEAD / HTTP/1.0\\r\\n\\r\\n'",
     tr_noop("TLS, with the server's certificate and name verified")},
    {"tcpc bench rr 127.0.0.1 7000 --time 5", tr_noop("Measure request/response round trips")},
};

std::string footer() {
  std::string out = fmt::format("{}:\n", tr("Modes"));
  for (const Line& mode : kModes) {
    out += fmt::format("  {:<34}{}\n", mode.command, tr(mode.msgid));
  }
  out += fmt::format("\n{}:\n", tr("Examples"));
  for (const Line& example : kExamples) {
    out += fmt::format("  {}\n    {}\n", tr(example.msgid), example.command);
  }
  out += "\n";
  out +=
      tr("On a terminal, `tcpc HOST PORT` is an interactive session (type /help);\n"
         "--raw keeps the byte-exact relay, --interactive forces the session.\n");
  out += "\n";
  out +=
      tr("Exit codes: 0 success, 1 network failure (-z: no port open), 2 usage error,\n"
         "3 a script's expectation not met, 130/143 stopped by SIGINT/SIGTERM.\n"
         "More in `man tcpc`.");
  return out;
}

}  // namespace

void set_up(CLI::App& app, const std::string& version) {
  app.description(tr("tcpc: a TCP client and network debugging assistant"));
  const std::string general = tr(kGeneral);
  app.set_help_flag("-h,--help", tr("Print this help message and exit"))->group(general);
  app.set_version_flag("--version", version, tr("Print the version and exit"))->group(general);

  auto formatter = std::make_shared<GroupedFormatter>(
      std::vector<std::string>{general, tr(kClient), tr(kServer), tr(kSending), tr(kDisplay),
                               tr(kStats), kTls, tr(kNetcat)});
  formatter->column_width(32);
  for (const char* label :
       {tr_noop("Usage"), tr_noop("OPTIONS"), tr_noop("Positionals"), tr_noop("Excludes")}) {
    formatter->label(label, tr(label));
  }
  app.formatter(formatter);
}

CLI::App& options_in(CLI::App& app, const std::string& label) {
  for (CLI::App* group :
       app.get_subcommands([](const CLI::App* sub) { return sub->get_name().empty(); })) {
    if (group->get_description() == label) return *group;
  }
  // Named "" so that CLI11's own help skips it; found again by its description.
  CLI::App* group = app.add_option_group("", label);
  group->set_help_flag();  // not the parent's -h/--help copied in again
  group->option_defaults()->group(label);
  return *group;
}

}  // namespace tcpc::cli::help
