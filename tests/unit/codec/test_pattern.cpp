// SPDX-License-Identifier: MIT
#include "tcpc/pattern.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace std::string_literals;
using tcpc::Pattern;

namespace {

Pattern pattern_of(std::string_view text) {
  auto pattern = tcpc::parse_pattern(text);
  EXPECT_TRUE(pattern) << text << ": " << (pattern ? "" : pattern.error().message());
  return pattern ? *pattern : Pattern{};
}

std::string error_of(std::string_view text) {
  auto pattern = tcpc::parse_pattern(text);
  EXPECT_FALSE(pattern) << text;
  return pattern ? std::string() : pattern.error().message();
}

}  // namespace

TEST(Pattern, TextIsFoundAnywhereWithEscapes) {
  const Pattern ping = pattern_of("PONG\\r\\n");
  EXPECT_EQ(ping.kind, Pattern::Kind::text);
  auto match = tcpc::find_match(ping, "+PONG\r\nrest");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->begin, 1u);
  EXPECT_EQ(match->end, 7u);
  EXPECT_EQ(match->captures.at(0), "PONG\r\n");
  EXPECT_FALSE(tcpc::find_match(ping, "PONG\n"));
}

TEST(Pattern, HexWithWildcardsAndAnchor) {
  const Pattern modbus = pattern_of("hex:^01 03 ?? 00");
  EXPECT_EQ(modbus.kind, Pattern::Kind::hex);
  EXPECT_TRUE(tcpc::find_match(modbus, "\x01\x03\x7f\x00\x0a"s));
  EXPECT_FALSE(tcpc::find_match(modbus, "\x00\x01\x03\x7f\x00"s));  // anchored at the start
  const Pattern crlf = pattern_of("hex:0d0a");
  auto match = tcpc::find_match(crlf, "ab\r\n");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->begin, 2u);
}

TEST(Pattern, RegexCapturesGroupsOnRawBytes) {
  const Pattern id = pattern_of("/ID=([0-9]+)\\/(\\w+)/");
  EXPECT_EQ(id.groups, 2u);
  auto match = tcpc::find_match(id, "xx ID=42/ok\r\n");
  ASSERT_TRUE(match);
  ASSERT_EQ(match->captures.size(), 3u);
  EXPECT_EQ(match->captures[1], "42");
  EXPECT_EQ(match->captures[2], "ok");
  // \xNN is a byte; NUL and high bytes are data like any other.
  const Pattern binary = pattern_of("/\\x00\\x01(.)/");
  auto found = tcpc::find_match(binary, "a\x00\x01\xff"s);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->captures[1], "\xff");
}

TEST(Pattern, RegexIgnoreCaseFlag) {
  EXPECT_TRUE(tcpc::find_match(pattern_of("/^pong/i"), "PONG"));
  EXPECT_FALSE(tcpc::find_match(pattern_of("/^pong/"), "PONG"));
}

TEST(Pattern, AnyMatchesEverything) {
  auto match = tcpc::find_match(pattern_of("*"), "abc");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->captures[0], "abc");
}

TEST(Pattern, RegexOnlySeesTheNewestBytes) {
  std::string big(tcpc::kMaxRegexSubject + 100, 'a');
  big.replace(0, 3, "XYZ");
  EXPECT_FALSE(tcpc::find_match(pattern_of("/XYZ/"), big));
  big += "XYZ";
  auto match = tcpc::find_match(pattern_of("/XYZ/"), big);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->begin, big.size() - 3);
}

TEST(Pattern, ErrorsSayWhatIsWrong) {
  EXPECT_NE(error_of("").find("empty pattern"), std::string::npos);
  EXPECT_NE(error_of("/abc").find("no closing /"), std::string::npos);
  EXPECT_NE(error_of("/a(/").find("invalid regular expression"), std::string::npos);
  EXPECT_NE(error_of("/a/x").find("flags: i"), std::string::npos);
  EXPECT_NE(error_of("hex:zz").find("not a hex digit"), std::string::npos);
  EXPECT_NE(error_of("hex:").find("at least one byte"), std::string::npos);
  EXPECT_NE(error_of("bad\\q").find("escape"), std::string::npos);
  EXPECT_NE(error_of(std::string(tcpc::kMaxPattern + 1, 'a')).find("longer"), std::string::npos);
}

TEST(Pattern, RegexLiteralLength) {
  EXPECT_EQ(tcpc::regex_literal_length("/a\\/b/i => x"), 7u);
  EXPECT_EQ(tcpc::regex_literal_length("/abc"), 0u);
  EXPECT_EQ(tcpc::regex_literal_length("abc/"), 0u);
}
