// SPDX-License-Identifier: MIT
#include "chunk_view.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "timestamp.hpp"

using namespace std::string_literals;
using namespace std::chrono;

namespace tcpc {
namespace {

// Sets TZ for one test and puts the old value back.
class TimeZone {
 public:
  explicit TimeZone(const char* zone) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    ::setenv("TZ", zone, 1);
    ::tzset();
  }
  ~TimeZone() {
    if (old_) {
      ::setenv("TZ", old_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }

 private:
  std::optional<std::string> old_;
};

// 2024-03-01 12:34:56.789 UTC.
WallClock::time_point noon_ish() {
  return sys_days{year{2024} / 3 / 1} + 12h + 34min + 56s + 789ms;
}

TEST(Timestamp, HoursMinutesSecondsMillisecondsInLocalTime) {
  TimeZone utc("UTC");
  EXPECT_EQ(format_time_of_day(noon_ish()), "12:34:56.789");
  TimeZone east("UTC-8");  // POSIX: eight hours ahead of UTC
  EXPECT_EQ(format_time_of_day(noon_ish()), "20:34:56.789");
}

TEST(Timestamp, MillisecondsAreTruncatedNotRounded) {
  TimeZone utc("UTC");
  EXPECT_EQ(format_time_of_day(noon_ish() + 999us), "12:34:56.789");
  EXPECT_EQ(format_time_of_day(sys_days{year{2024} / 3 / 1} + 23h + 59min + 59s + 999999us),
            "23:59:59.999");
  EXPECT_EQ(format_time_of_day(sys_days{year{2024} / 3 / 2}), "00:00:00.000");
}

TEST(ViewNames, ParseAndName) {
  EXPECT_EQ(*parse_view("text"), View::text);
  EXPECT_EQ(*parse_view("hex"), View::hex);
  EXPECT_EQ(*parse_view("both"), View::both);
  auto bad = parse_view("binary");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), errc::invalid_argument);
  EXPECT_NE(bad.error().message().find("'binary'"), std::string::npos);
  for (View view : {View::text, View::hex, View::both})
    EXPECT_EQ(*parse_view(view_name(view)), view);
}

TEST(ChunkHeader, TimeLabelDirectionAndCount) {
  TimeZone utc("UTC");
  EXPECT_EQ(chunk_header(Direction::received, 6, noon_ish()), "[12:34:56.789] < 6 bytes\n");
  EXPECT_EQ(chunk_header(Direction::sent, 1, std::nullopt), "> 1 byte\n");
  EXPECT_EQ(chunk_header(Direction::received, 0, std::nullopt, "#2 127.0.0.1:4000"),
            "#2 127.0.0.1:4000 < 0 bytes\n");
}

std::string shown(ChunkView& view, Direction direction, std::string_view bytes,
                  std::string_view label = {}) {
  std::string out;
  view.append(direction, bytes, noon_ish(), out, label);
  return out;
}

TEST(ChunkView, PlainTextIsTheBytesExactlyWithoutHeader) {
  ChunkView view;
  EXPECT_FALSE(view.has_header());
  const std::string binary = "a\0b\xff\r\nno newline"s;
  EXPECT_EQ(shown(view, Direction::received, binary), binary);
  EXPECT_EQ(shown(view, Direction::sent, "x"), "x");
}

TEST(ChunkView, TimeAddsAHeaderAndEndsTheLine) {
  TimeZone utc("UTC");
  ChunkView view(DisplayOptions{View::text, true, std::nullopt});
  EXPECT_TRUE(view.has_header());
  EXPECT_EQ(shown(view, Direction::received, "pong"), "[12:34:56.789] < 4 bytes\npong\n");
  EXPECT_EQ(shown(view, Direction::sent, "ping\n"), "[12:34:56.789] > 5 bytes\nping\n");
}

TEST(ChunkView, HexViewDumpsWithoutText) {
  ChunkView view(DisplayOptions{View::hex, false, std::nullopt});
  EXPECT_EQ(shown(view, Direction::sent, "\x01\x03\x00\x00\x00\x0a"s),
            "> 6 bytes\n"
            "00000000: 01 03 00 00 00 0a                                 |......|\n");
}

TEST(ChunkView, BothViewShowsTextThenDump) {
  TimeZone utc("UTC");
  ChunkView view(DisplayOptions{View::both, true, std::nullopt});
  EXPECT_EQ(shown(view, Direction::received, "OK"),
            "[12:34:56.789] < 2 bytes\n"
            "OK\n"
            "00000000: 4f 4b                                             |OK|\n");
}

TEST(ChunkView, LabelForcesAHeader) {
  ChunkView view;
  EXPECT_TRUE(view.has_header("#1 127.0.0.1:5000"));
  EXPECT_EQ(shown(view, Direction::received, "hi", "#1 127.0.0.1:5000"),
            "#1 127.0.0.1:5000 < 2 bytes\nhi\n");
}

TEST(ChunkView, EncodingDecodesEachDirectionAndKeepsSplitCharacters) {
  auto gbk = Encoding::find("gbk");
  ASSERT_TRUE(gbk.ok()) << gbk.error().message();
  ChunkView view(DisplayOptions{View::text, false, *gbk});
  // 你 is c4 e3 in GBK; split across two received chunks, with a sent chunk
  // in between that must not disturb the received decoder.
  EXPECT_EQ(shown(view, Direction::received, "\xc4"), "");
  EXPECT_EQ(shown(view, Direction::sent, "\xba\xc3"), "好");
  EXPECT_EQ(shown(view, Direction::received, "\xe3!"), "你!");
}

TEST(ChunkView, UndecodableBytesAreShownNotDropped) {
  DisplayOptions options{View::text, false, Encoding::utf8(), Undecodable::escape};
  ChunkView view(options);
  EXPECT_EQ(shown(view, Direction::received,
                  "a\xff"
                  "b"),
            "a\\xffb");
  // A character cut off at the end of the stream is shown by finish().
  EXPECT_EQ(shown(view, Direction::received, "\xe4\xbd"), "");
  std::string out;
  view.finish(out);
  EXPECT_EQ(out, "\\xe4\\xbd");
}

DisplayOptions on_terminal(std::optional<Encoding> encoding = std::nullopt,
                           View view = View::text) {
  DisplayOptions options{view, false, encoding};
  options.terminal = true;
  return options;
}

TEST(ChunkView, OnATerminalEscapeSequencesAreShownNotRun) {
  ChunkView view(on_terminal());
  EXPECT_EQ(shown(view, Direction::received, "\x1b[2J\x1b[31mred\x1b]52;c;aGk=\x07"),
            "^[[2J^[[31mred^[]52;c;aGk=^G");
  EXPECT_EQ(shown(view, Direction::received, "a\0b\rc\r\n"s), "a^@b^Mc\n");
}

TEST(ChunkView, OnATerminalRawUndecodableBytesAreShownAsHex) {
  ChunkView view(on_terminal());
  EXPECT_EQ(shown(view, Direction::received, "\xc4\xe3\xff ok 你好"), "\\xc4\\xe3\\xff ok 你好");
  // A UTF-8 character split across chunks is whole when its end arrives.
  EXPECT_EQ(shown(view, Direction::received, "\xe4"), "");
  EXPECT_EQ(shown(view, Direction::received, "\xbd\xa0"), "你");
}

TEST(ChunkView, OnATerminalDecodedTextIsEscapedToo) {
  ChunkView view(on_terminal(*Encoding::find("gbk")));
  EXPECT_EQ(shown(view, Direction::received, "\xc4\xe3\x1b[2J"), "你^[[2J");
  // End of stream: a half GBK character shows as U+FFFD (the default policy).
  EXPECT_EQ(shown(view, Direction::received, "\xc4"), "");
  std::string out;
  view.finish(out);
  EXPECT_EQ(out, "\xef\xbf\xbd");
}

TEST(ChunkView, OnATerminalHeadersAndHexDumpsStayAsTheyAre) {
  ChunkView view(on_terminal(std::nullopt, View::both));
  EXPECT_EQ(shown(view, Direction::received, "\x1b["),
            "< 2 bytes\n^[[\n00000000: 1b 5b" + std::string(45, ' ') + "|.[|\n");
}

TEST(ChunkView, OnATerminalALabelledChunkHoldsNothingForTheNextPeer) {
  ChunkView view(on_terminal());
  EXPECT_EQ(shown(view, Direction::received, "a\xe4", "#1"), "#1 < 2 bytes\na\\xe4\n");
  EXPECT_EQ(shown(view, Direction::received, "\xbd\xa0", "#2"), "#2 < 2 bytes\n\\xbd\\xa0\n");
}

TEST(ChunkView, LiveSettingChanges) {
  TimeZone utc("UTC");
  ChunkView view;
  EXPECT_EQ(shown(view, Direction::received, "a"), "a");
  view.set_view(View::hex);
  EXPECT_EQ(shown(view, Direction::received, "a"),
            "< 1 byte\n00000000: 61                                                |a|\n");
  view.set_view(View::text);
  view.set_time(true);
  EXPECT_EQ(shown(view, Direction::received, "a"), "[12:34:56.789] < 1 byte\na\n");
  view.set_time(false);
  std::string flushed;
  view.set_encoding(*Encoding::find("gbk"), flushed);
  EXPECT_EQ(flushed, "");
  EXPECT_EQ(shown(view, Direction::received, "\xc4\xe3"), "你");
  view.set_encoding(std::nullopt, flushed);
  EXPECT_EQ(shown(view, Direction::received, "\xc4\xe3"), "\xc4\xe3");
}

TEST(ChunkViewTransform, ViewsOneDirectionOfTheRelay) {
  TimeZone utc("UTC");
  ChunkViewTransform transform(DisplayOptions{View::hex, true, std::nullopt}, Direction::received,
                               [] { return noon_ish(); });
  std::string out;
  ASSERT_TRUE(transform.feed("\x00\x01"s, out).ok());
  ASSERT_TRUE(transform.finish(out).ok());
  EXPECT_EQ(out,
            "[12:34:56.789] < 2 bytes\n"
            "00000000: 00 01                                             |..|\n");
}

}  // namespace
}  // namespace tcpc
