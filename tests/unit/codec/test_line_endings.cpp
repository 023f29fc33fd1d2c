// SPDX-License-Identifier: MIT
#include "tcpc/line_endings.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tcpc/line_framer.hpp"
#include "tcpc/text_transform.hpp"
#include "tcpc/transform_chain.hpp"

namespace tcpc {
namespace {

std::string crlf_in_pieces(std::initializer_list<std::string_view> pieces) {
  CrlfTransform transform;
  std::string out;
  for (std::string_view piece : pieces)
    EXPECT_TRUE(transform.feed(piece, out).ok());
  EXPECT_TRUE(transform.finish(out).ok());
  return out;
}

TEST(Crlf, LoneLineFeedsBecomeCrlf) {
  EXPECT_EQ(to_crlf("a\nb\n"), "a\r\nb\r\n");
  EXPECT_EQ(to_crlf("\n\n"), "\r\n\r\n");
  EXPECT_EQ(to_crlf("no newline"), "no newline");
  EXPECT_EQ(to_crlf(""), "");
}

TEST(Crlf, ExistingCrlfIsKept) {
  EXPECT_EQ(to_crlf("a\r\nb\n"), "a\r\nb\r\n");
  EXPECT_EQ(to_crlf("\r\r\n"), "\r\r\n");
  EXPECT_EQ(to_crlf("a\rb"), "a\rb");  // a lone CR is not a line end to convert
}

TEST(Crlf, CrAtTheEndOfAChunkProtectsTheNextLineFeed) {
  EXPECT_EQ(crlf_in_pieces({"a\r", "\nb"}), "a\r\nb");
  EXPECT_EQ(crlf_in_pieces({"a", "\n", "\n"}), "a\r\n\r\n");
  EXPECT_EQ(crlf_in_pieces({"a\r", "x\n"}), "a\rx\r\n");
}

TEST(Crlf, BinaryBytesOtherThanLineFeedPassUnchanged) {
  std::string bytes;
  for (int c = 0; c < 256; ++c)
    if (c != '\n') bytes.push_back(static_cast<char>(c));
  EXPECT_EQ(to_crlf(bytes), bytes);
}

TEST(TransformChainTest, CrlfThenGbk) {
  auto gbk = Encoding::find("gbk");
  ASSERT_TRUE(gbk.ok()) << gbk.error().message();
  TransformChain chain(std::make_unique<CrlfTransform>(), std::make_unique<EncodeTransform>(*gbk));
  std::string out;
  // "你" is split across feeds: the encoder holds it until it is whole.
  ASSERT_TRUE(chain.feed("\xe4\xbd", out).ok());
  ASSERT_TRUE(chain.feed("\xa0\n", out).ok());
  ASSERT_TRUE(chain.finish(out).ok());
  EXPECT_EQ(out, "\xc4\xe3\r\n");
}

TEST(TransformChainTest, EitherSideMayBeMissing) {
  std::string out;
  TransformChain first_only(std::make_unique<CrlfTransform>(), nullptr);
  ASSERT_TRUE(first_only.feed("x\n", out).ok());
  ASSERT_TRUE(first_only.finish(out).ok());
  EXPECT_EQ(out, "x\r\n");

  out.clear();
  TransformChain neither(nullptr, nullptr);
  ASSERT_TRUE(neither.feed("x\n", out).ok());
  ASSERT_TRUE(neither.finish(out).ok());
  EXPECT_EQ(out, "x\n");
}

TEST(TransformChainTest, SecondSideErrorsComeThrough) {
  auto latin1 = Encoding::find("latin1");
  ASSERT_TRUE(latin1.ok());
  TransformChain chain(std::make_unique<CrlfTransform>(),
                       std::make_unique<EncodeTransform>(*latin1));
  std::string out;
  auto fed = chain.feed("\xe4\xbd\xa0", out);  // 你 has no Latin-1 form
  ASSERT_FALSE(fed.ok());
  EXPECT_EQ(fed.error().code(), errc::unencodable);
}

// ---- LineFramer --------------------------------------------------------------

std::vector<std::string> frames_of(std::initializer_list<std::string_view> pieces,
                                   std::size_t max_frame = kMaxDatagram) {
  LineFramer framer(max_frame);
  std::vector<std::string> frames;
  for (std::string_view piece : pieces)
    framer.feed(piece, frames);
  framer.finish(frames);
  return frames;
}

TEST(LineFramerTest, OneFramePerLineWithItsLineFeed) {
  EXPECT_EQ(frames_of({"a\nbb\n\n"}), (std::vector<std::string>{"a\n", "bb\n", "\n"}));
}

TEST(LineFramerTest, LinesSplitAcrossReadsAreJoined) {
  EXPECT_EQ(frames_of({"he", "llo\nwor", "ld\n"}),
            (std::vector<std::string>{"hello\n", "world\n"}));
}

TEST(LineFramerTest, UnfinishedLastLineGoesOutAtTheEnd) {
  EXPECT_EQ(frames_of({"a\nrest"}), (std::vector<std::string>{"a\n", "rest"}));
  EXPECT_TRUE(frames_of({""}).empty());
}

TEST(LineFramerTest, LongLinesAreCutAtTheLargestFrame) {
  EXPECT_EQ(frames_of({"abcdefg\n"}, 3), (std::vector<std::string>{"abc", "def", "g\n"}));
  EXPECT_EQ(frames_of({"ab", "cd", "\n"}, 3), (std::vector<std::string>{"abc", "d\n"}));
  EXPECT_EQ(frames_of({"abc\n"}, 3), (std::vector<std::string>{"abc", "\n"}));
}

TEST(LineFramerTest, EveryByteArrivesOnce) {
  std::string input;
  for (int i = 0; i < 5000; ++i)
    input += std::string(static_cast<std::size_t>(i % 97), static_cast<char>('a' + i % 26)) + "\n";
  LineFramer framer(64);
  std::vector<std::string> frames;
  for (std::size_t at = 0; at < input.size(); at += 333)
    framer.feed(std::string_view(input).substr(at, 333), frames);
  framer.finish(frames);
  std::string joined;
  for (const auto& frame : frames) {
    EXPECT_LE(frame.size(), 64u);
    joined += frame;
  }
  EXPECT_EQ(joined, input);
}

}  // namespace
}  // namespace tcpc
