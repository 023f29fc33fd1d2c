// SPDX-License-Identifier: MIT
// The framed view: what arrives is shown frame by frame, numbered, whatever
// the pieces; the idle gap is the caller's clock; JSON lines with --json.
#include "frame_view.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace std::chrono_literals;
using namespace std::string_literals;

namespace tcpc {
namespace {

FrameSpec spec_of(std::string_view text) {
  auto spec = parse_frame_spec(text);
  EXPECT_TRUE(spec) << text;
  return spec ? *spec : FrameSpec{};
}

DisplayOptions framed(View view = View::text, bool json = false) {
  DisplayOptions options;
  options.view = view;
  options.framed = true;
  options.json = json;
  return options;
}

const FrameView::SteadyClock::time_point kStart{};
const WallClock::time_point kWhen{};

// The stream fed in pieces of `chunk` bytes, then finished: what is shown.
std::string shown(std::string_view spec, std::string_view stream, std::size_t chunk,
                  DisplayOptions options = framed()) {
  ChunkView view(options);
  FrameView frames(spec_of(spec));
  std::string out;
  for (std::size_t at = 0; at < stream.size(); at += chunk)
    frames.received(stream.substr(at, chunk), kStart, kWhen, view, out);
  frames.finish(kWhen, view, out);
  view.finish(out);
  return out;
}

TEST(FrameView, EachLineIsOneNumberedChunkWhateverThePieces) {
  const std::string expected =
      "< frame 1: 4 bytes\none\n"
      "< frame 2: 4 bytes\ntwo\n"
      "< frame 3: 3 bytes (incomplete)\nend\n";
  for (std::size_t chunk : {1, 2, 5, 64})
    EXPECT_EQ(shown("line", "one\ntwo\nend", chunk), expected) << chunk;
}

TEST(FrameView, HexViewDumpsEachLengthFrame) {
  const std::string stream = "\x00\x02hi\x00\x01!"s;
  const std::string expected =
      "< frame 1: 4 bytes\n"
      "00000000: 00 02 68 69                                       |..hi|\n"
      "< frame 2: 3 bytes\n"
      "00000000: 00 01 21                                          |..!|\n";
  EXPECT_EQ(shown("length:u16be", stream, 1, framed(View::hex)), expected);
  EXPECT_EQ(shown("length:u16be", stream, stream.size(), framed(View::hex)), expected);
}

TEST(FrameView, JsonIsOneObjectPerFrame) {
  EXPECT_EQ(shown("line", "a\n\xff", 1, framed(View::text, true)),
            "{\"direction\":\"received\",\"frame\":1,\"time\":\"" + format_time_of_day(kWhen) +
                "\",\"bytes\":2,\"hex\":\"610a\",\"text\":\"a\\n\",\"oversized\":false,"
                "\"complete\":true,\"bad_length\":false}\n"
                "{\"direction\":\"received\",\"frame\":2,\"time\":\"" +
                format_time_of_day(kWhen) +
                "\",\"bytes\":1,\"hex\":\"ff\",\"text\":\"\xef\xbf\xbd\",\"oversized\":false,"
                "\"complete\":false,\"bad_length\":false}\n");
}

TEST(FrameView, IdleGapIsTheCallersClock) {
  ChunkView view(framed());
  FrameView frames(spec_of("idle:50"));
  std::string out;
  frames.received("ab", kStart, kWhen, view, out);
  frames.received("c", kStart + 10ms, kWhen, view, out);
  ASSERT_TRUE(frames.idle_due());
  EXPECT_EQ(*frames.idle_due(), kStart + 60ms);
  frames.wake(kStart + 59ms, kWhen, view, out);
  EXPECT_EQ(out, "");
  frames.wake(kStart + 60ms, kWhen, view, out);
  EXPECT_EQ(out, "< frame 1: 3 bytes\nabc\n");
  EXPECT_FALSE(frames.idle_due());
  // A gap that passed with no wake() still ends the frame before new bytes.
  out.clear();
  frames.received("d", kStart + 100ms, kWhen, view, out);
  frames.received("e", kStart + 200ms, kWhen, view, out);
  EXPECT_EQ(out, "< frame 2: 1 byte\nd\n");
}

TEST(FrameView, SwitchingShowsWhatWasHeldAndRenumbers) {
  ChunkView view(DisplayOptions{});
  FrameView frames;
  std::string out;
  frames.received("raw", kStart, kWhen, view, out);
  EXPECT_EQ(out, "raw");  // not framing: the bytes as they came, no header
  out.clear();
  frames.set_spec(spec_of("line"), view, kWhen, out);
  EXPECT_TRUE(view.options().framed);
  frames.received("half", kStart, kWhen, view, out);
  frames.set_spec(spec_of("fixed:2"), view, kWhen, out);
  frames.received("xy", kStart, kWhen, view, out);
  frames.set_spec(std::nullopt, view, kWhen, out);
  EXPECT_FALSE(view.options().framed);
  EXPECT_EQ(out, "< frame 1: 4 bytes (incomplete)\nhalf\n< frame 1: 2 bytes\nxy\n");
}

}  // namespace
}  // namespace tcpc
