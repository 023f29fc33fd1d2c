// SPDX-License-Identifier: MIT
#include "tcpc/framer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace std::string_literals;
using tcpc::Frame;
using tcpc::FrameSpec;

namespace {

FrameSpec spec_of(std::string_view text, std::size_t max_frame = tcpc::kDefaultMaxFrame) {
  auto spec = tcpc::parse_frame_spec(text);
  EXPECT_TRUE(spec) << text << ": " << spec.error().message();
  FrameSpec out = spec ? *spec : FrameSpec{};
  out.max_frame = max_frame;
  return out;
}

// The stream fed in pieces of `chunk` bytes, then finished.
std::vector<Frame> frames_of(const FrameSpec& spec, std::string_view stream, std::size_t chunk) {
  tcpc::Framer framer(spec);
  std::vector<Frame> frames;
  for (std::size_t at = 0; at < stream.size(); at += chunk)
    framer.feed(stream.substr(at, chunk), frames);
  framer.finish(frames);
  return frames;
}

// Everything at once, one byte at a time and a few sizes between give the
// same frames; those are returned.
std::vector<Frame> same_whatever_the_split(const FrameSpec& spec, std::string_view stream) {
  const std::vector<Frame> whole = frames_of(spec, stream, std::max<std::size_t>(stream.size(), 1));
  for (std::size_t chunk : {1, 2, 3, 5, 7, 64}) {
    EXPECT_EQ(frames_of(spec, stream, chunk), whole)
        << tcpc::frame_spec_text(spec) << " in pieces of " << chunk;
  }
  return whole;
}

std::vector<std::string> bytes_of(const std::vector<Frame>& frames) {
  std::vector<std::string> out;
  for (const Frame& frame : frames)
    out.push_back(frame.bytes);
  return out;
}

TEST(FrameSpec, ParsesEveryForm) {
  auto line = tcpc::parse_frame_spec("line");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->kind, FrameSpec::Kind::line);
  EXPECT_EQ(line->delimiter, "\n");

  auto idle = tcpc::parse_frame_spec("idle:50");
  ASSERT_TRUE(idle);
  EXPECT_EQ(idle->kind, FrameSpec::Kind::idle);
  EXPECT_EQ(idle->idle.count(), 50);

  auto delim = tcpc::parse_frame_spec("delim:0d0a");
  ASSERT_TRUE(delim);
  EXPECT_EQ(delim->delimiter, "\r\n");

  auto fixed = tcpc::parse_frame_spec("fixed:8");
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->fixed_size, 8u);

  auto length = tcpc::parse_frame_spec("length:u16le-2@4");
  ASSERT_TRUE(length);
  EXPECT_EQ(length->length, (tcpc::LengthField{2, false, -2, 4}));
  // Either order of the suffixes.
  auto swapped = tcpc::parse_frame_spec("length:u32be@1+3");
  ASSERT_TRUE(swapped);
  EXPECT_EQ(swapped->length, (tcpc::LengthField{4, true, 3, 1}));
}

TEST(FrameSpec, TextReadsBackToTheSameSpec) {
  for (const char* text :
       {"line", "idle:250", "delim:7e", "delim:0d0a", "fixed:12", "length:u8", "length:u16be+2@4",
        "length:u16le-2", "length:u32be@6", "length:u32le"}) {
    auto spec = tcpc::parse_frame_spec(text);
    ASSERT_TRUE(spec) << text;
    EXPECT_EQ(tcpc::frame_spec_text(*spec), text);
  }
}

TEST(FrameSpec, BadSpecsSayWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "unknown frame spec ''"},
      {"lines", "unknown frame spec 'lines'"},
      {"line:x", "line takes no value"},
      {"idle:", "MS must be a whole number"},
      {"idle:0", "MS must be a whole number from 1"},
      {"idle:5s", "not '5s'"},
      {"fixed:0", "N must be a whole number from 1"},
      {"delim:", "delim needs 1 to 64 bytes"},
      {"delim:zz", "not a hex digit"},
      {"length:u24", "length field 'u24' is not u8"},
      {"length:u16be+", "ADJ must be a whole number"},
      {"length:u16be+1+2", "ADJ is given twice"},
      {"length:u16be@1@2", "@OFFSET is given twice"},
      {"length:u16be@70000", "OFFSET must be a whole number from 0 to 65535"},
  };
  for (const auto& [text, expected] : cases) {
    auto spec = tcpc::parse_frame_spec(text);
    ASSERT_FALSE(spec) << text;
    EXPECT_EQ(spec.error().code(), tcpc::errc::invalid_argument);
    EXPECT_NE(spec.error().message().find(expected), std::string::npos)
        << text << ": " << spec.error().message();
  }
}

TEST(Framer, LineKeepsTheLineEndAndFlushesTheRestIncomplete) {
  const auto frames = same_whatever_the_split(spec_of("line"), "one\ntwo\r\n\nthree");
  EXPECT_EQ(bytes_of(frames), (std::vector<std::string>{"one\n", "two\r\n", "\n", "three"}));
  ASSERT_EQ(frames.size(), 4u);
  EXPECT_TRUE(frames[2].complete);
  EXPECT_FALSE(frames[3].complete);
  EXPECT_FALSE(frames[3].oversized);
}

TEST(Framer, DelimiterOfSeveralBytesFoundAcrossPieces) {
  const auto frames = same_whatever_the_split(spec_of("delim:0d0a"), "a\rb\r\n\r\n\r\rc\r\n\rd\r");
  EXPECT_EQ(bytes_of(frames), (std::vector<std::string>{"a\rb\r\n", "\r\n", "\r\rc\r\n", "\rd\r"}));
  // A delimiter that overlaps itself: the first end wins.
  EXPECT_EQ(bytes_of(same_whatever_the_split(spec_of("delim:6161"), "aaab")),
            (std::vector<std::string>{"aa", "ab"}));
}

TEST(Framer, FixedCutsEveryNBytes) {
  const auto frames = same_whatever_the_split(spec_of("fixed:3"), "abcdefgh");
  EXPECT_EQ(bytes_of(frames), (std::vector<std::string>{"abc", "def", "gh"}));
  EXPECT_TRUE(frames[1].complete);
  EXPECT_FALSE(frames[2].complete);
}

TEST(Framer, LengthU16beCountsTheBytesAfterTheField) {
  const std::string stream =
      "\x00\x03"
      "abc"
      "\x00\x00"
      "\x00\x01"
      "z"
      "\x00"s;
  const auto frames = same_whatever_the_split(spec_of("length:u16be"), stream);
  EXPECT_EQ(bytes_of(frames), (std::vector<std::string>{"\x00\x03"
                                                        "abc"s,
                                                        "\x00\x00"s, "\x00\x01z"s, "\x00"s}));
  EXPECT_FALSE(frames.back().complete);
}

TEST(Framer, LengthLittleEndianU8AndU32) {
  EXPECT_EQ(bytes_of(same_whatever_the_split(spec_of("length:u16le"), "\x02\x00xy\x01\x00z"s)),
            (std::vector<std::string>{"\x02\x00xy"s, "\x01\x00z"s}));
  EXPECT_EQ(bytes_of(same_whatever_the_split(spec_of("length:u8"),
                                             "\x01"
                                             "a\x02"
                                             "bc"s)),
            (std::vector<std::string>{"\x01"
                                      "a"s,
                                      "\x02"
                                      "bc"s}));
  EXPECT_EQ(bytes_of(same_whatever_the_split(spec_of("length:u32be"), "\0\0\0\x02hi\0\0\0\0"s)),
            (std::vector<std::string>{"\0\0\0\x02hi"s, "\0\0\0\0"s}));
  EXPECT_EQ(bytes_of(same_whatever_the_split(spec_of("length:u32le"), "\x01\0\0\0!"s)),
            (std::vector<std::string>{"\x01\0\0\0!"s}));
}

TEST(Framer, ModbusTcpHeaderIsLengthAtOffsetFour) {
  // Transaction 0x0001, protocol 0, length 6: unit 0x11 and a 5-byte PDU.
  const std::string request = "\x00\x01\x00\x00\x00\x06\x11\x03\x00\x6b\x00\x03"s;
  const auto frames = same_whatever_the_split(spec_of("length:u16be@4"), request + request);
  EXPECT_EQ(bytes_of(frames), (std::vector<std::string>{request, request}));
}

TEST(Framer, NegativeAdjustForAFieldThatCountsTheWholeFrame) {
  // The field counts all 5 bytes, itself included.
  const auto frames = same_whatever_the_split(spec_of("length:u16be-2"),
                                              "\x00\x05"
                                              "abc\x00\x02"s);
  EXPECT_EQ(bytes_of(frames), (std::vector<std::string>{"\x00\x05"
                                                        "abc"s,
                                                        "\x00\x02"s}));
}

TEST(Framer, PositiveAdjustAddsTrailingBytes) {
  // A 2-byte checksum after the counted payload.
  const auto frames = same_whatever_the_split(spec_of("length:u8+2"),
                                              "\x01"
                                              "aCC\x00"
                                              "DD"s);
  EXPECT_EQ(bytes_of(frames), (std::vector<std::string>{"\x01"
                                                        "aCC"s,
                                                        "\x00"
                                                        "DD"s}));
}

TEST(Framer, LengthSmallerThanTheHeaderIsFlaggedAndFramingGoesOn) {
  const auto frames = same_whatever_the_split(spec_of("length:u16be-2"), "\x00\x01\x00\x03z"s);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].bytes, "\x00\x01"s);
  EXPECT_TRUE(frames[0].bad_length);
  EXPECT_EQ(frames[1].bytes, "\x00\x03z"s);
  EXPECT_FALSE(frames[1].bad_length);
}

TEST(Framer, OversizedLengthFrameComesInPiecesAndStaysInStep) {
  // 10 bytes declared, at most 4 held: pieces of 4, 4, 4 (header included).
  const std::string big =
      "\x00\x0a"
      "0123456789"s;
  const auto frames = same_whatever_the_split(spec_of("length:u16be", 4), big + "\x00\x01z"s);
  EXPECT_EQ(bytes_of(frames), (std::vector<std::string>{"\x00\x0a"
                                                        "01"s,
                                                        "2345", "6789", "\x00\x01z"s}));
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_TRUE(frames[i].oversized) << i;
  EXPECT_FALSE(frames[0].complete);
  EXPECT_FALSE(frames[1].complete);
  EXPECT_TRUE(frames[2].complete);
  EXPECT_FALSE(frames[3].oversized);
  EXPECT_TRUE(frames[3].complete);
}

TEST(Framer, OversizedLineIsCutAtTheMaximumAndItsEndFlagged) {
  const auto frames = same_whatever_the_split(spec_of("line", 4), "abcdefghij\nok\n");
  EXPECT_EQ(bytes_of(frames), (std::vector<std::string>{"abcd", "efgh", "ij\n", "ok\n"}));
  EXPECT_TRUE(frames[0].oversized && !frames[0].complete);
  EXPECT_TRUE(frames[2].oversized && frames[2].complete);
  EXPECT_FALSE(frames[3].oversized);
  // A line of exactly the maximum is whole.
  EXPECT_EQ(bytes_of(same_whatever_the_split(spec_of("line", 4), "abc\n")),
            (std::vector<std::string>{"abc\n"}));
}

TEST(Framer, HeldBytesNeverPassTheMaximum) {
  tcpc::Framer framer(spec_of("delim:00", 16));
  std::vector<Frame> frames;
  for (int i = 0; i < 1000; ++i) {
    framer.feed("no delimiter here", frames);
    EXPECT_LE(framer.held(), 16u);
  }
  for (const Frame& frame : frames)
    EXPECT_EQ(frame.bytes.size(), 16u);
}

TEST(Framer, IdleGapEndsAFrameAndOnlyIdleListens) {
  tcpc::Framer framer(spec_of("idle:20"));
  std::vector<Frame> frames;
  framer.feed("ab", frames);
  framer.feed("c", frames);
  EXPECT_TRUE(frames.empty());
  framer.idle(frames);
  framer.idle(frames);  // nothing held: nothing more
  framer.feed("d", frames);
  framer.finish(frames);
  EXPECT_EQ(bytes_of(frames), (std::vector<std::string>{"abc", "d"}));
  EXPECT_TRUE(frames[1].complete);  // the end of the stream ends an idle frame

  tcpc::Framer line(spec_of("line"));
  std::vector<Frame> none;
  line.feed("abc", none);
  line.idle(none);
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(line.held(), 3u);
}

TEST(Framer, IdleFrameSplitOrWholeIsTheSameBetweenGaps) {
  EXPECT_EQ(bytes_of(same_whatever_the_split(spec_of("idle:5"), "whole burst")),
            (std::vector<std::string>{"whole burst"}));
  EXPECT_EQ(bytes_of(same_whatever_the_split(spec_of("idle:5", 4), "0123456789")),
            (std::vector<std::string>{"0123", "4567", "89"}));
}

}  // namespace
