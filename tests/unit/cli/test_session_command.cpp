// SPDX-License-Identifier: MIT
#include "session_command.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace std::string_literals;
using namespace std::chrono_literals;

namespace tcpc {
namespace {

Command parsed(std::string_view line) {
  auto result = parse_command(line);
  EXPECT_TRUE(result.ok()) << line << ": " << result.error().message();
  return result.ok() ? *result : Command{command::Quit{}};
}

std::string error_of(std::string_view line) {
  auto result = parse_command(line);
  EXPECT_FALSE(result.ok()) << "parsed: " << line;
  return result.ok() ? std::string() : result.error().message();
}

Command text(std::string value) {
  return command::Send{Payload{Payload::Kind::text, std::move(value)}};
}

TEST(SessionCommand, FrameTakesASpecOffOrNothing) {
  EXPECT_EQ(parsed("/frame"), (Command{command::SetFrame{true, std::nullopt}}));
  EXPECT_EQ(parsed("/frame OFF"), (Command{command::SetFrame{false, std::nullopt}}));
  auto spec = parse_frame_spec("length:u16be@4");
  ASSERT_TRUE(spec);
  EXPECT_EQ(parsed("/frame  length:u16be@4 "), (Command{command::SetFrame{false, *spec}}));
  EXPECT_EQ(error_of("/frame lines"),
            "/frame: unknown frame spec 'lines' (use idle:MS, line, delim:HEX, fixed:N or "
            "length:u8|u16be|u16le|u32be|u32le[+ADJ][@OFFSET])");
}

TEST(SessionCommand, AppendTakesSpecsOffOrNothing) {
  EXPECT_EQ(parsed("/append"), (Command{command::SetAppend{true, {}}}));
  EXPECT_EQ(parsed("/append Off"), (Command{command::SetAppend{false, {}}}));
  auto specs = parse_checksum_specs("crc16-modbus,hex:0d0a");
  ASSERT_TRUE(specs);
  EXPECT_EQ(parsed("/append  crc16-modbus,hex:0d0a "),
            (Command{command::SetAppend{false, *specs}}));
  EXPECT_NE(error_of("/append crc").find("/append: checksum spec: unknown SPEC 'crc'"),
            std::string::npos);
}

TEST(SessionCommand, ScriptTakesAFile) {
  EXPECT_EQ(parsed("/script check.txt"), (Command{command::RunScript{"check.txt"}}));
  // Spaces around the path are not part of it; inside it they are.
  EXPECT_EQ(parsed("/script   my dir/a b.tcpc  "),
            (Command{command::RunScript{"my dir/a b.tcpc"}}));
  EXPECT_EQ(error_of("/script"), "/script needs a FILE, e.g. /script check.txt");
  EXPECT_EQ(error_of("/script   "), "/script needs a FILE, e.g. /script check.txt");
}

TEST(SessionCommand, PlainLinesAreTextToSend) {
  EXPECT_EQ(parsed("hello world"), text("hello world"));
  EXPECT_EQ(parsed(""), text(""));
  EXPECT_EQ(parsed("  spaced  "), text("  spaced  "));
  EXPECT_EQ(parsed("a/b"), text("a/b"));
  EXPECT_EQ(parsed("你好"), text("你好"));
}

TEST(SessionCommand, DoubleSlashSendsALiteralSlash) {
  EXPECT_EQ(parsed("//hex 01"), text("/hex 01"));
  EXPECT_EQ(parsed("//"), text("/"));
  EXPECT_EQ(parsed("///"), text("//"));
}

TEST(SessionCommand, HexSendsBytes) {
  EXPECT_EQ(parsed("/hex 01 03 00 00 00 0a"),
            Command(command::Send{Payload{Payload::Kind::bytes, "\x01\x03\x00\x00\x00\x0a"s}}));
  EXPECT_EQ(parsed("/hex   0x00,0xff"),
            Command(command::Send{Payload{Payload::Kind::bytes, "\x00\xff"s}}));
  EXPECT_NE(error_of("/hex 0g").find("invalid hex at position 2"), std::string::npos);
  EXPECT_NE(error_of("/hex").find("/hex needs bytes"), std::string::npos);
  EXPECT_NE(error_of("/hex   ").find("/hex needs bytes"), std::string::npos);
}

TEST(SessionCommand, FileTakesThePathAsTyped) {
  EXPECT_EQ(parsed("/file /tmp/a b.bin"),
            Command(command::Send{Payload{Payload::Kind::file, "/tmp/a b.bin"}}));
  EXPECT_NE(error_of("/file").find("/file needs a PATH"), std::string::npos);
}

TEST(SessionCommand, RepeatWithTextHexAndFile) {
  EXPECT_EQ(parsed("/repeat 3 0.5 ping"),
            Command(command::Repeat{3, 500ms, Payload{Payload::Kind::text, "ping"}}));
  EXPECT_EQ(parsed("/repeat 0 250ms /hex 01 02"),
            Command(command::Repeat{0, 250ms, Payload{Payload::Kind::bytes, "\x01\x02"}}));
  EXPECT_EQ(parsed("/repeat 2 1s /file x.bin"),
            Command(command::Repeat{2, 1000ms, Payload{Payload::Kind::file, "x.bin"}}));
  EXPECT_EQ(parsed("/repeat 2 0 //slash and spaces "),
            Command(command::Repeat{2, 0ms, Payload{Payload::Kind::text, "/slash and spaces "}}));
  EXPECT_EQ(parsed("/repeat 1 2 two words"),
            Command(command::Repeat{1, 2000ms, Payload{Payload::Kind::text, "two words"}}));
}

TEST(SessionCommand, RepeatErrorsSayWhatIsWrong) {
  EXPECT_NE(error_of("/repeat").find("needs N INTERVAL DATA"), std::string::npos);
  EXPECT_NE(error_of("/repeat 3 1").find("needs N INTERVAL DATA"), std::string::npos);
  EXPECT_NE(error_of("/repeat x 1 a").find("N must be a whole number"), std::string::npos);
  EXPECT_NE(error_of("/repeat -1 1 a").find("not '-1'"), std::string::npos);
  EXPECT_NE(error_of("/repeat 99999999999999999999 1 a").find("whole number"), std::string::npos);
  EXPECT_NE(error_of("/repeat 3 -1 a").find("INTERVAL must be seconds"), std::string::npos);
  EXPECT_NE(error_of("/repeat 3 abc a").find("not 'abc'"), std::string::npos);
  EXPECT_NE(error_of("/repeat 3 1e9 a").find("INTERVAL"), std::string::npos);
  EXPECT_NE(error_of("/repeat 3 nan a").find("INTERVAL"), std::string::npos);
  EXPECT_NE(error_of("/repeat 3 100000 a").find("INTERVAL"), std::string::npos);
  EXPECT_NE(error_of("/repeat 3 1 /quit").find("DATA is text, /hex BYTES or /file PATH"),
            std::string::npos);
  EXPECT_NE(error_of("/repeat 3 1 /hex zz").find("invalid hex"), std::string::npos);
}

TEST(SessionCommand, SettingsSetOrShow) {
  EXPECT_EQ(parsed("/view hex"), Command(command::SetView{View::hex}));
  EXPECT_EQ(parsed("/view"), Command(command::SetView{}));
  EXPECT_NE(error_of("/view xxd").find("unknown view 'xxd'"), std::string::npos);

  EXPECT_EQ(parsed("/encoding GBK"), Command(command::SetEncoding{false, *Encoding::find("gbk")}));
  EXPECT_EQ(parsed("/encoding raw"), Command(command::SetEncoding{false, std::nullopt}));
  EXPECT_EQ(parsed("/encoding"), Command(command::SetEncoding{true, std::nullopt}));
  auto unknown = parse_command("/encoding klingon");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), errc::unknown_encoding);

  EXPECT_EQ(parsed("/eol crlf"), Command(command::SetEol{LineEnding::crlf}));
  EXPECT_EQ(parsed("/eol NONE"), Command(command::SetEol{LineEnding::none}));
  EXPECT_EQ(parsed("/eol"), Command(command::SetEol{}));
  EXPECT_NE(error_of("/eol lfcr").find("unknown line ending 'lfcr'"), std::string::npos);

  EXPECT_EQ(parsed("/time on"), Command(command::SetTime{true}));
  EXPECT_EQ(parsed("/time off "), Command(command::SetTime{false}));
  EXPECT_EQ(parsed("/time"), Command(command::SetTime{}));
  EXPECT_NE(error_of("/time maybe").find("on or off"), std::string::npos);
}

TEST(SessionCommand, SaveStartsStopsOrShows) {
  EXPECT_EQ(parsed("/save out.bin"),
            Command(command::Save{command::Save::Action::start, "out.bin"}));
  EXPECT_EQ(parsed("/save off"), Command(command::Save{command::Save::Action::stop, ""}));
  EXPECT_EQ(parsed("/save"), Command(command::Save{}));
}

TEST(SessionCommand, SimpleCommands) {
  EXPECT_EQ(parsed("/stats"), Command(command::Stats{}));
  EXPECT_EQ(parsed("/help"), Command(command::Help{}));
  EXPECT_EQ(parsed("/quit"), Command(command::Quit{}));
  EXPECT_EQ(parsed("/exit"), Command(command::Quit{}));
  EXPECT_EQ(parsed("/to 12"), Command(command::SelectClient{12}));
  EXPECT_NE(error_of("/stats now").find("/stats takes no argument"), std::string::npos);
  EXPECT_NE(error_of("/to 0").find("client number"), std::string::npos);
  EXPECT_NE(error_of("/to x").find("client number"), std::string::npos);
}

TEST(SessionCommand, PrintConsoleCommands) {
  // Back to the newest client: /to alone or /to new.
  EXPECT_EQ(parsed("/to"), Command(command::SelectClient{}));
  EXPECT_EQ(parsed("/to new"), Command(command::SelectClient{}));
  EXPECT_EQ(parsed("/to #3"), Command(command::SelectClient{3}));
  EXPECT_EQ(parsed("/clients"), Command(command::Clients{}));
  EXPECT_EQ(parsed("/kick 2"), Command(command::Kick{2}));
  EXPECT_EQ(parsed("/kick #2"), Command(command::Kick{2}));
  EXPECT_NE(error_of("/kick").find("/kick needs a client number"), std::string::npos);
  EXPECT_EQ(parsed("/all hello there"),
            Command(command::SendAll{Payload{Payload::Kind::text, "hello there"}}));
  EXPECT_EQ(parsed("/all /hex 00 ff"),
            Command(command::SendAll{Payload{Payload::Kind::bytes, "\x00\xff"s}}));
  EXPECT_NE(error_of("/all").find("/all needs DATA"), std::string::npos);
  EXPECT_NE(error_of("/clients 1").find("/clients takes no argument"), std::string::npos);
}

TEST(SessionCommand, UnknownOrEmptyCommands) {
  EXPECT_NE(error_of("/frobnicate").find("unknown command '/frobnicate'"), std::string::npos);
  EXPECT_NE(error_of("/HEX 01").find("unknown command"), std::string::npos);
  EXPECT_NE(error_of("/").find("a command name must follow '/'"), std::string::npos);
  EXPECT_NE(error_of("/ hex 01").find("a command name must follow '/'"), std::string::npos);
  EXPECT_EQ(parse_command("/nope").error().code(), errc::invalid_argument);
}

TEST(SessionCommand, ArbitraryBytesNeverCrash) {
  // A taste of what the fuzzer does: every prefix of some nasty lines.
  const std::string nasty[] = {"/repeat 18446744073709551615 86400 /file \xff\x00"s,
                               "/hex 0x"s,
                               "/repeat 1 0.0000001ms x"s,
                               "/\t\t"s,
                               "/encoding \xe4\xbd"s,
                               "/to 18446744073709551616"s};
  for (const std::string& line : nasty) {
    for (std::size_t n = 0; n <= line.size(); ++n)
      (void)parse_command(std::string_view(line).substr(0, n));
  }
}

TEST(LineEnding, NamesAndBytes) {
  EXPECT_EQ(line_ending_bytes(LineEnding::none), "");
  EXPECT_EQ(line_ending_bytes(LineEnding::lf), "\n");
  EXPECT_EQ(line_ending_bytes(LineEnding::crlf), "\r\n");
  EXPECT_EQ(line_ending_bytes(LineEnding::cr), "\r");
  for (LineEnding eol : {LineEnding::none, LineEnding::lf, LineEnding::crlf, LineEnding::cr})
    EXPECT_EQ(*parse_line_ending(line_ending_name(eol)), eol);
}

}  // namespace
}  // namespace tcpc
