// SPDX-License-Identifier: MIT
#include "tcpc/encoding.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <utility>

using namespace std::string_literals;
using tcpc::Decoder;
using tcpc::Encoder;
using tcpc::Encoding;
using tcpc::Undecodable;

namespace {

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

Encoding enc(std::string_view name) {
  return Encoding::find(name).value();
}

std::string encoded(std::string_view name, std::string_view utf8) {
  auto result = tcpc::encode(enc(name), utf8);
  EXPECT_TRUE(result.ok()) << name << ": " << result.error().message();
  return result.ok() ? *result : std::string("<error>");
}

tcpc::Error encode_error(std::string_view name, std::string_view utf8) {
  auto result = tcpc::encode(enc(name), utf8);
  EXPECT_FALSE(result.ok()) << "encoded to " << name;
  if (result.ok()) return tcpc::Error(tcpc::errc::invalid_argument, "no error");
  EXPECT_EQ(result.error().code(), tcpc::errc::unencodable);
  return result.error();
}

std::string decoded(std::string_view name, std::string_view bytes,
                    Undecodable policy = Undecodable::replace) {
  return tcpc::decode(enc(name), bytes, policy);
}

// Feeds `bytes` in pieces of `chunk` bytes.
std::string decode_in_chunks(std::string_view name, std::string_view bytes, std::size_t chunk,
                             Undecodable policy) {
  Decoder decoder(enc(name), policy);
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += chunk)
    decoder.feed(bytes.substr(i, chunk), out);
  decoder.finish(out);
  return out;
}

std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != haystack.npos;
       pos = haystack.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

// ---------------------------------------------------------------------------

TEST(EncodingFind, CanonicalNames) {
  for (std::string_view name : Encoding::supported()) {
    auto found = Encoding::find(name);
    ASSERT_TRUE(found.ok()) << found.error().message();
    EXPECT_EQ(found->name(), name);
  }
  EXPECT_EQ(Encoding::supported(),
            (std::vector<std::string_view>{"utf-8", "gbk", "gb18030", "big5", "latin1"}));
}

TEST(EncodingFind, AliasesAndCase) {
  const std::pair<const char*, const char*> cases[] = {
      {"UTF-8", "utf-8"},       {"utf8", "utf-8"},       {"Utf8", "utf-8"},
      {"GBK", "gbk"},           {"cp936", "gbk"},        {"CP936", "gbk"},
      {"GB18030", "gb18030"},   {"Big5", "big5"},        {"big-5", "big5"},
      {"BIG-5", "big5"},        {"LATIN1", "latin1"},    {"latin-1", "latin1"},
      {"ISO-8859-1", "latin1"}, {"iso8859-1", "latin1"},
  };
  for (auto [alias, canonical] : cases) {
    auto found = Encoding::find(alias);
    ASSERT_TRUE(found.ok()) << alias;
    EXPECT_EQ(found->name(), canonical) << alias;
  }
}

TEST(EncodingFind, Utf8) {
  EXPECT_EQ(Encoding::utf8(), enc("utf8"));
  EXPECT_TRUE(Encoding::utf8().is_utf8());
  EXPECT_FALSE(enc("gbk").is_utf8());
  EXPECT_NE(enc("gbk"), enc("gb18030"));
}

TEST(EncodingFind, UnknownNameListsSupported) {
  for (const char* name : {"foo", "", "utf-16", "gbk ", "gb2312x"}) {
    auto found = Encoding::find(name);
    ASSERT_FALSE(found.ok()) << name;
    EXPECT_EQ(found.error().code(), tcpc::errc::unknown_encoding);
    EXPECT_EQ(found.error().message(),
              "unknown encoding '"s + name + "' (supported: utf-8, gbk, gb18030, big5, latin1)");
  }
}

// ---------------------------------------------------------------------------

TEST(EncodingGbk, BothDirections) {
  EXPECT_EQ(encoded("gbk", "你好"), "\xc4\xe3\xba\xc3");
  EXPECT_EQ(decoded("gbk", "\xc4\xe3\xba\xc3"), "你好");
  EXPECT_EQ(encoded("gbk", "a你b"),
            "a\xc4\xe3"
            "b");
}

TEST(EncodingGbk, EmojiHasNoGbkForm) {
  auto error = encode_error("gbk", "你好\xF0\x9F\x98\x80!");
  EXPECT_EQ(error.message(), "encode to gbk: U+1F600 at byte 6 has no gbk form");
}

TEST(EncodingGb18030, RoundTripBeyondGbk) {
  const std::string text = "你好\xF0\x9F\x98\x80";  // U+1F600 only exists in GB18030
  const std::string bytes = "\xc4\xe3\xba\xc3\x94\x39\xfc\x36";
  EXPECT_EQ(encoded("gb18030", text), bytes);
  EXPECT_EQ(decoded("gb18030", bytes), text);
}

TEST(EncodingBig5, BothDirections) {
  EXPECT_EQ(encoded("big5", "中文"), "\xa4\xa4\xa4\xe5");
  EXPECT_EQ(decoded("big5", "\xa4\xa4\xa4\xe5"), "中文");
}

TEST(EncodingLatin1, Cafe) {
  EXPECT_EQ(encoded("latin1", "café"), "caf\xe9");
  EXPECT_EQ(decoded("latin1", "caf\xe9"), "café");
}

TEST(EncodingLatin1, EveryByteRoundTrips) {
  std::string all;
  for (int i = 0; i < 256; ++i)
    all.push_back(static_cast<char>(i));
  std::string text = decoded("latin1", all);
  EXPECT_EQ(text.size(), 128u + 2 * 128u);
  EXPECT_EQ(encoded("latin1", text), all);
}

TEST(EncodingLatin1, OutsideLatin1) {
  EXPECT_EQ(encode_error("latin1", "中").message(),
            "encode to latin1: U+4E2D at byte 0 has no latin1 form");
  EXPECT_EQ(encode_error("latin1", "ab\xE2\x82\xAC").message(),
            "encode to latin1: U+20AC at byte 2 has no latin1 form");
}

TEST(EncodingUtf8, Identity) {
  const std::string text = "plain, café, 中文, \xF0\x9F\x98\x80, \xEF\xBB\xBF, \0 end"s;
  EXPECT_EQ(encoded("utf-8", text), text);
  EXPECT_EQ(decoded("utf-8", text), text);
  EXPECT_EQ(decoded("utf-8", text, Undecodable::escape), text);
}

// ---------------------------------------------------------------------------

TEST(DecoderUndecodable, GbkIncompleteAtFinish) {
  EXPECT_EQ(decoded("gbk", "\xc4"), kReplacement);
  EXPECT_EQ(decoded("gbk", "\xc4", Undecodable::escape), "\\xc4");
  EXPECT_EQ(decoded("gbk", "ok\xc4", Undecodable::escape), "ok\\xc4");
}

TEST(DecoderUndecodable, GbkInvalidBytes) {
  EXPECT_EQ(decoded("gbk",
                    "a\xff"
                    "b"),
            "a" + kReplacement + "b");
  EXPECT_EQ(decoded("gbk",
                    "a\xff"
                    "b",
                    Undecodable::escape),
            "a\\xffb");
  // A lead byte followed by something that cannot trail it: only the lead is lost.
  EXPECT_EQ(decoded("gbk", "\xc4 x\xc4\xe3", Undecodable::escape), "\\xc4 x你");
}

TEST(DecoderUndecodable, Gb18030IncompleteFourByteTail) {
  EXPECT_EQ(decoded("gb18030", "\x94\x39\xfc", Undecodable::escape), "\\x94\\x39\\xfc");
  EXPECT_EQ(decoded("gb18030", "\x94\x39\xfc"), kReplacement + kReplacement + kReplacement);
}

TEST(DecoderUndecodable, InvalidUtf8) {
  EXPECT_EQ(decoded("utf-8", "\xff"), kReplacement);
  EXPECT_EQ(decoded("utf-8", "\xff", Undecodable::escape), "\\xff");
  EXPECT_EQ(decoded("utf-8",
                    "a\xfe"
                    "b\x80",
                    Undecodable::escape),
            "a\\xfeb\\x80");
}

TEST(DecoderUndecodable, StrictUtf8) {
  // Overlong NUL, overlong '/', a surrogate, above U+10FFFF: one marker per byte.
  EXPECT_EQ(decoded("utf-8", "\xc0\x80", Undecodable::escape), "\\xc0\\x80");
  EXPECT_EQ(decoded("utf-8", "\xe0\x80\xaf", Undecodable::escape), "\\xe0\\x80\\xaf");
  EXPECT_EQ(decoded("utf-8", "\xed\xa0\x80", Undecodable::escape), "\\xed\\xa0\\x80");
  EXPECT_EQ(decoded("utf-8", "\xf4\x90\x80\x80", Undecodable::escape), "\\xf4\\x90\\x80\\x80");
  EXPECT_EQ(decoded("utf-8", "\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf");  // U+10FFFF is fine
}

TEST(DecoderUndecodable, TruncatedUtf8) {
  EXPECT_EQ(decoded("utf-8", "\xe4\xbd", Undecodable::escape), "\\xe4\\xbd");
  EXPECT_EQ(decoded("utf-8",
                    "\xe4\xbd"
                    "A"),
            kReplacement + kReplacement + "A");
}

// ---------------------------------------------------------------------------

TEST(DecoderStreaming, SplitCharacterComesOutWhole) {
  Decoder decoder(enc("gbk"), Undecodable::replace);
  std::string out;
  decoder.feed("a\xc4", out);
  EXPECT_EQ(out, "a");
  decoder.feed("\xe3\xba", out);
  EXPECT_EQ(out, "a你");
  decoder.feed("\xc3", out);
  EXPECT_EQ(out, "a你好");
  decoder.finish(out);
  EXPECT_EQ(out, "a你好");
}

TEST(DecoderStreaming, Utf8SplitCharacterComesOutWhole) {
  Decoder decoder(Encoding::utf8(), Undecodable::escape);
  std::string out;
  for (char byte : "\xF0\x9F\x98\x80"s) {
    EXPECT_EQ(out, "");
    decoder.feed(std::string_view(&byte, 1), out);
  }
  EXPECT_EQ(out, "\xF0\x9F\x98\x80");
}

TEST(DecoderStreaming, ByteByByteEqualsWhole) {
  const std::pair<const char*, std::string> samples[] = {
      {"gbk",
       "a\xc4\xe3\xba\xc3\xff"
       "b\x81\x20\xc4"},
      {"gb18030", "\x94\x39\xfc\x36x\x94\x39\xfcy\x94\x39\xc4\xe3\x94"},
      {"big5",
       "\xa4\xa4\xa4\xe5\xff\xa4"
       "z\xa4"},
      {"latin1", "caf\xe9\x00\xff"s},
      {"utf-8",
       "\xe4\xbd\xa0\xe4\xbd"
       "A\xF0\x9F\x98\x80\xff\xed\xa0\x80\xf0\x9f"},
  };
  for (const auto& [name, bytes] : samples) {
    for (Undecodable policy : {Undecodable::replace, Undecodable::escape}) {
      std::string whole = decoded(name, bytes, policy);
      for (std::size_t chunk : {1, 2, 3, 5}) {
        EXPECT_EQ(decode_in_chunks(name, bytes, chunk, policy), whole)
            << name << " in chunks of " << chunk;
      }
    }
  }
  EXPECT_EQ(decoded("gbk",
                    "a\xc4\xe3\xba\xc3\xff"
                    "b\x81\x20\xc4",
                    Undecodable::escape),
            "a你好\\xffb\\x81 \\xc4");
}

TEST(DecoderStreaming, FinishStartsANewStream) {
  Decoder decoder(enc("gbk"), Undecodable::escape);
  std::string out;
  decoder.feed("\xc4", out);
  decoder.finish(out);
  decoder.feed("\xe3", out);
  decoder.finish(out);
  EXPECT_EQ(out, "\\xc4\\xe3");
}

TEST(DecoderStreaming, MovedDecoderKeepsItsTail) {
  Decoder first(enc("gbk"), Undecodable::replace);
  std::string out;
  first.feed("\xc4", out);
  Decoder second = std::move(first);
  second.feed("\xe3", out);
  EXPECT_EQ(out, "你");
}

TEST(DecoderLarge, RandomBytesStreamLikeWhole) {
  std::mt19937 random(12345);
  std::string bytes(4 << 20, '\0');
  for (char& byte : bytes)
    byte = static_cast<char>(random() & 0xff);
  for (const char* name : {"utf-8", "gbk", "gb18030"}) {
    std::string whole = decoded(name, bytes, Undecodable::escape);
    // Compared without EXPECT_EQ, whose diff of two 4 MiB strings would take ages to print.
    EXPECT_TRUE(decode_in_chunks(name, bytes, 4093, Undecodable::escape) == whole) << name;
    // The output is always valid UTF-8.
    EXPECT_TRUE(tcpc::encode(Encoding::utf8(), whole).ok()) << name;
  }
}

TEST(DecoderLarge, OneMarkerPerInvalidByte) {
  // Valid GBK text with 0xff (never part of a GBK character) sprinkled in.
  std::mt19937 random(7);
  std::string bytes;
  std::string clean;
  std::size_t invalid = 0;
  while (bytes.size() < (4u << 20)) {
    switch (random() % 4) {
      case 0:
        bytes += "\xc4\xe3";
        clean += "你";
        break;
      case 1:
        bytes += "abc";
        clean += "abc";
        break;
      case 2:
        bytes += "\xba\xc3";
        clean += "好";
        break;
      default:
        bytes += "\xff";
        ++invalid;
        break;
    }
  }
  ASSERT_GT(invalid, 100000u);
  std::string escaped = decoded("gbk", bytes, Undecodable::escape);
  EXPECT_EQ(count(escaped, "\\xff"), invalid);
  EXPECT_EQ(escaped.size(), clean.size() + 4 * invalid);
  std::string replaced = decode_in_chunks("gbk", bytes, 65536, Undecodable::replace);
  EXPECT_EQ(count(replaced, kReplacement), invalid);
  EXPECT_EQ(replaced.size(), clean.size() + 3 * invalid);
}

// ---------------------------------------------------------------------------

TEST(EncoderStreaming, SplitCharacterIsHeld) {
  Encoder encoder(enc("gbk"));
  std::string out;
  ASSERT_TRUE(encoder.feed("a\xe4", out).ok());
  EXPECT_EQ(out, "a");
  ASSERT_TRUE(encoder.feed("\xbd", out).ok());
  EXPECT_EQ(out, "a");
  ASSERT_TRUE(encoder.feed("\xa0\xe5\xa5\xbd", out).ok());
  EXPECT_EQ(out, "a\xc4\xe3\xba\xc3");
  ASSERT_TRUE(encoder.finish(out).ok());
  EXPECT_EQ(out, "a\xc4\xe3\xba\xc3");
}

TEST(EncoderStreaming, ByteByByteEqualsWhole) {
  const std::string text = "a你好 \xF0\x9F\x98\x80 café 中文";
  for (const char* name : {"gb18030", "utf-8"}) {
    Encoder encoder(enc(name));
    std::string out;
    for (char byte : text)
      ASSERT_TRUE(encoder.feed(std::string_view(&byte, 1), out).ok());
    ASSERT_TRUE(encoder.finish(out).ok());
    EXPECT_EQ(out, encoded(name, text)) << name;
    EXPECT_EQ(decoded(name, out), text) << name;
  }
}

TEST(EncoderStreaming, ErrorOffsetCountsTheWholeStream) {
  Encoder encoder(enc("gbk"));
  std::string out;
  ASSERT_TRUE(encoder.feed("ab", out).ok());
  ASSERT_TRUE(encoder.feed("c\xF0\x9F", out).ok());
  auto result = encoder.feed("\x98\x80", out);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), tcpc::errc::unencodable);
  EXPECT_EQ(result.error().message(), "encode to gbk: U+1F600 at byte 3 has no gbk form");
  EXPECT_EQ(out, "abc");
}

TEST(EncoderStreaming, FailedFeedLeavesOutputAndRecovers) {
  Encoder encoder(enc("gbk"));
  std::string out = "kept";
  auto result = encoder.feed("你\xF0\x9F\x98\x80好", out);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(out, "kept");
  ASSERT_TRUE(encoder.feed("好", out).ok());
  EXPECT_EQ(out, "kept\xba\xc3");
}

TEST(EncoderStreaming, IncompleteAtFinish) {
  Encoder encoder(enc("gbk"));
  std::string out;
  ASSERT_TRUE(encoder.feed("ab\xe4\xbd", out).ok());
  EXPECT_EQ(out, "ab");
  auto result = encoder.finish(out);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), tcpc::errc::unencodable);
  EXPECT_EQ(result.error().message(),
            "encode to gbk: input ends inside a UTF-8 character \\xe4\\xbd at byte 2");
  EXPECT_EQ(encode_error("utf-8", "x\xF0\x9F\x98").message(),
            "encode to utf-8: input ends inside a UTF-8 character \\xf0\\x9f\\x98 at byte 1");
}

TEST(EncoderInvalidUtf8, NamesBytesAndOffset) {
  EXPECT_EQ(encode_error("gbk", "ab\xff").message(),
            "encode to gbk: invalid UTF-8 byte \\xff at byte 2");
  EXPECT_EQ(encode_error("utf-8", "\xc0\x80").message(),
            "encode to utf-8: invalid UTF-8 byte \\xc0 at byte 0");
  EXPECT_EQ(encode_error("gb18030",
                         "a\xe4\xbd"
                         "A")
                .message(),
            "encode to gb18030: invalid UTF-8 sequence \\xe4\\xbd\\x41 at byte 1");
  EXPECT_EQ(encode_error("utf-8", "\xed\xa0\x80").message(),
            "encode to utf-8: invalid UTF-8 sequence \\xed\\xa0 at byte 0");
  EXPECT_EQ(encode_error("gb18030", "\xf4\x90\x80\x80").message(),
            "encode to gb18030: invalid UTF-8 sequence \\xf4\\x90 at byte 0");
}

TEST(EncoderInvalidUtf8, SplitInvalidSequence) {
  Encoder encoder(enc("gbk"));
  std::string out;
  ASSERT_TRUE(encoder.feed("xy\xe4", out).ok());
  auto result = encoder.feed("A", out);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "encode to gbk: invalid UTF-8 sequence \\xe4\\x41 at byte 2");
  EXPECT_EQ(out, "xy");
}

TEST(EncoderLarge, ManyMegabytes) {
  std::string text;
  while (text.size() < (4u << 20))
    text += "hello 你好 中文 café ";
  auto bytes = tcpc::encode(enc("gb18030"), text);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message();
  EXPECT_TRUE(decoded("gb18030", *bytes) == text);
}

}  // namespace
