// SPDX-License-Identifier: MIT
// The one command handler of the session and the print console, driven
// through a console that records what it was asked to do.
#include "console_commands.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "counts.hpp"

using namespace std::string_literals;

namespace tcpc::cli {
namespace {

class RecordingConsole final : public Console {
 public:
  void print(std::string_view text, Text kind) override {
    (kind == Text::output ? output : kind == Text::notice ? notices : problems) += text;
  }
  void send(Outgoing outgoing) override {
    sent.push_back(outgoing.file ? "file:" + outgoing.path : outgoing.bytes);
  }
  void quit() override { quitted = true; }
  void repeat(const command::Repeat& repeat, std::string bytes) override {
    repeats.push_back(std::to_string(repeat.count) + "x" + bytes);
  }
  std::string stats() override { return "-- stats here\n"; }
  void select_client(std::optional<std::uint64_t> client) override {
    selected.push_back(client.value_or(0));
  }
  void send_to_all(Outgoing outgoing) override { to_all.push_back(outgoing.bytes); }
  void kick(std::uint64_t client) override { kicked.push_back(client); }
  void run_script(const std::string& path) override { scripts.push_back(path); }

  std::string output, notices, problems;
  std::vector<std::string> sent, repeats, to_all, scripts;
  std::vector<std::uint64_t> selected, kicked;
  bool quitted = false;
};

ConsoleSpec session_like() {
  using C = ConsoleCommand;
  return {"the session",
          {{C::hex}, {C::file}, {C::repeat}, {C::view}, {C::encoding}, {C::help}, {C::quit}},
          "Type text.",
          "Ctrl-C stops."};
}

ConsoleSpec print_like() {
  using C = ConsoleCommand;
  return {"the print console",
          {{C::hex},
           {C::file, "send a small file"},
           {C::to},
           {C::all},
           {C::kick},
           {C::encoding},
           {C::save},
           {C::help}},
          "Type a reply.",
          {}};
}

TEST(ConsoleCommands, HelpListsExactlyTheOfferedCommands) {
  RecordingConsole console;
  ConsoleCommands print(console, print_like(), {}, LineEnding::lf);
  const std::string help = print.help();
  for (const char* offered : {"/hex", "/file", "/to", "/all", "/kick", "/encoding", "/save"})
    EXPECT_NE(help.find(offered), std::string::npos) << offered << "\n" << help;
  for (const char* absent : {"/repeat", "/time", "/stats", "/view", "/eol", "/clients", "/quit"})
    EXPECT_EQ(help.find(absent), std::string::npos) << absent << "\n" << help;
  EXPECT_NE(help.find("send a small file"), std::string::npos) << "the console's own text";
  EXPECT_EQ(help.rfind("Type a reply.\n", 0), 0u);

  ConsoleCommands session(console, session_like(), {}, LineEnding::lf);
  EXPECT_NE(session.help().find("/repeat N INTERVAL DATA"), std::string::npos);
  EXPECT_NE(session.help().find("Ctrl-C stops.\n"), std::string::npos);
}

TEST(ConsoleCommands, ACommandNotOfferedIsRefusedAndNothingHappens) {
  RecordingConsole console;
  ConsoleCommands print(console, print_like(), {}, LineEnding::lf);
  print.on_line("/repeat 3 0 x");
  print.on_line("/time off");
  EXPECT_TRUE(console.repeats.empty());
  EXPECT_NE(console.problems.find("tcpc: the print console has no /repeat"), std::string::npos)
      << console.problems;
  EXPECT_NE(console.problems.find("has no /time"), std::string::npos) << console.problems;
  EXPECT_TRUE(print.view().options().time == false);

  ConsoleCommands session(console, session_like(), {}, LineEnding::lf);
  session.on_line("/to 2");
  session.on_line("/kick 2");
  EXPECT_TRUE(console.selected.empty());
  EXPECT_TRUE(console.kicked.empty());
  EXPECT_NE(console.problems.find("the session has no /to"), std::string::npos);
}

TEST(ConsoleCommands, TypedTextIsEncodedWithTheLineEnding) {
  RecordingConsole console;
  DisplayOptions display;
  display.encoding = *Encoding::find("gbk");
  ConsoleCommands commands(console, session_like(), display, LineEnding::crlf);
  commands.on_line("你好");
  commands.on_line("/hex 00 ff");
  commands.on_line("/encoding raw");
  commands.on_line("你");
  ASSERT_EQ(console.sent.size(), 3u);
  EXPECT_EQ(console.sent[0], "\xc4\xe3\xba\xc3\r\n"s);
  EXPECT_EQ(console.sent[1], "\x00\xff"s);
  EXPECT_EQ(console.sent[2], "你\r\n");
  commands.on_line("/repeat 2 0 hi");
  ASSERT_EQ(console.repeats.size(), 1u);
  EXPECT_EQ(console.repeats[0], "2xhi\r\n");
}

TEST(ConsoleCommands, AppendAddsChecksumsToTextBytesAndRepeats) {
  using C = ConsoleCommand;
  RecordingConsole console;
  ConsoleSpec spec = session_like();
  spec.features.push_back({C::append});
  ConsoleCommands commands(console, spec, DisplayOptions{}, LineEnding::lf);
  commands.on_line("/append crc16-modbus");
  commands.on_line("/hex 01 03 00 00 00 0a");
  commands.on_line("/append sum8,hex:0d0a");
  commands.on_line("ab");  // 'a' + 'b' + '\n' = 0xcd
  commands.on_line("/repeat 2 0 /hex 01");
  commands.on_line("/append nope");
  commands.on_line("/append off");
  commands.on_line("x");
  ASSERT_EQ(console.sent.size(), 3u);
  EXPECT_EQ(console.sent[0], "\x01\x03\x00\x00\x00\x0a\xc5\xcd"s);
  EXPECT_EQ(console.sent[1], "ab\n\xcd\r\n"s);
  EXPECT_EQ(console.sent[2], "x\n");
  ASSERT_EQ(console.repeats.size(), 1u);
  EXPECT_EQ(console.repeats[0], "2x\x01\x01\r\n"s);
  EXPECT_NE(console.notices.find("append: crc16-modbus"), std::string::npos);
  EXPECT_NE(console.notices.find("append: off"), std::string::npos);
  EXPECT_NE(console.problems.find("/append: checksum spec: unknown SPEC 'nope'"),
            std::string::npos);
  // A console without /append refuses it.
  RecordingConsole other;
  ConsoleCommands without(other, session_like(), DisplayOptions{}, LineEnding::lf);
  without.on_line("/append sum8");
  EXPECT_NE(other.problems.find("has no /append"), std::string::npos);
}

TEST(ConsoleCommands, ScriptGoesToAConsoleThatOffersIt) {
  using C = ConsoleCommand;
  RecordingConsole console;
  ConsoleSpec spec = session_like();
  spec.features.push_back({C::script});
  ConsoleCommands commands(console, spec, DisplayOptions{}, LineEnding::lf);
  commands.on_line("/script check.tcpc");
  commands.on_line("/script");
  ASSERT_EQ(console.scripts.size(), 1u);
  EXPECT_EQ(console.scripts[0], "check.tcpc");
  EXPECT_TRUE(console.sent.empty());
  EXPECT_NE(console.problems.find("/script needs a FILE"), std::string::npos);
  commands.on_line("/help");
  EXPECT_NE(console.notices.find("/script FILE"), std::string::npos);
  // The print console has no /script: refused, nothing run.
  RecordingConsole other;
  ConsoleCommands without(other, print_like(), DisplayOptions{}, LineEnding::lf);
  without.on_line("/script check.tcpc");
  EXPECT_TRUE(other.scripts.empty());
  EXPECT_NE(other.problems.find("has no /script"), std::string::npos);
}

TEST(ConsoleCommands, AnEncodingSwitchShowsTheCutCharacterInsteadOfDroppingIt) {
  RecordingConsole console;
  DisplayOptions display;
  display.encoding = *Encoding::find("gbk");
  ConsoleCommands commands(console, print_like(), display, LineEnding::lf);
  std::string shown;
  // The first byte of a two-byte GBK character: held back, waiting for the second.
  commands.view().append(Direction::received, "\xc4", WallClock::now(), shown);
  commands.on_line("/encoding utf-8");
  EXPECT_FALSE(console.output.empty()) << "the held-back byte vanished";
  EXPECT_NE(console.notices.find("-- encoding: utf-8"), std::string::npos) << console.notices;
}

TEST(ConsoleCommands, PrintConsoleCommandsReachTheConsole) {
  RecordingConsole console;
  ConsoleCommands commands(console, print_like(), {}, LineEnding::lf);
  commands.on_line("/to 3");
  commands.on_line("/to");
  commands.on_line("/all /hex 41");
  commands.on_line("/kick 3");
  EXPECT_EQ(console.selected, (std::vector<std::uint64_t>{3, 0}));
  EXPECT_EQ(console.to_all, (std::vector<std::string>{"A"}));
  EXPECT_EQ(console.kicked, (std::vector<std::uint64_t>{3}));
}

TEST(ConsoleCommands, FileIsOpenedOnceAndADirectoryIsSaidAsSuch) {
  RecordingConsole console;
  ConsoleCommands commands(console, session_like(), {}, LineEnding::lf);
  commands.on_line("/file /");
  EXPECT_NE(console.problems.find("tcpc: /file /: is a directory"), std::string::npos)
      << console.problems;
  commands.on_line("/file /nonexistent/x");
  EXPECT_NE(console.problems.find("No such file or directory"), std::string::npos);
  EXPECT_TRUE(console.sent.empty());
  commands.on_line("/file /dev/null");
  EXPECT_EQ(console.sent, (std::vector<std::string>{"file:/dev/null"}));
}

TEST(ConsoleCommands, SaveAppendsWhatIsReceived) {
  RecordingConsole console;
  ConsoleCommands commands(console, print_like(), {}, LineEnding::lf);
  char path[] = "/tmp/tcpc-console-save-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  commands.saw_received("before");
  commands.on_line(std::string("/save ") + path);
  commands.saw_received("one\x00"s);
  commands.saw_received("two");
  commands.on_line("/save off");
  commands.saw_received("after");
  std::ifstream in(path, std::ios::binary);
  const std::string saved((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path);
  EXPECT_EQ(saved, "one\x00two"s);
  EXPECT_NE(console.notices.find("-- not saving received bytes"), std::string::npos);
}

TEST(Counts, PluralsAndReadableSizes) {
  EXPECT_EQ(bytes_text(1), "1 byte");
  EXPECT_EQ(bytes_text(0), "0 bytes");
  EXPECT_EQ(bytes_text(1023), "1023 bytes");
  EXPECT_EQ(bytes_text(2958819328), "2958819328 bytes (2.76 GiB)");
  EXPECT_EQ(bytes_text(1536), "1536 bytes (1.50 KiB)");
  EXPECT_EQ(chunks_text(1), "1 chunk");
  EXPECT_EQ(chunks_text(2), "2 chunks");
  EXPECT_EQ(clients_text(1), "1 client");
  EXPECT_EQ(times_text(3), "3 times");
  EXPECT_EQ(datagrams_text(1), "1 datagram");
  EXPECT_EQ(datagrams_text(2), "2 datagrams");
}

}  // namespace
}  // namespace tcpc::cli
