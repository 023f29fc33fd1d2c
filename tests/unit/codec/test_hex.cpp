// SPDX-License-Identifier: MIT
#include "tcpc/hex.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

using namespace std::string_literals;

namespace {

std::string parsed(std::string_view text) {
  auto result = tcpc::parse_hex(text);
  EXPECT_TRUE(result.ok()) << text << ": " << result.error().message();
  return result.ok() ? *result : std::string("<error>");
}

std::string error_of(std::string_view text) {
  auto result = tcpc::parse_hex(text);
  EXPECT_FALSE(result.ok()) << "parsed: " << text;
  if (result.ok()) return {};
  EXPECT_EQ(result.error().code(), tcpc::errc::invalid_hex);
  return result.error().message();
}

TEST(HexParse, SpaceSeparated) {
  EXPECT_EQ(parsed("48 65 6c"), "Hel");
}

TEST(HexParse, NoSeparator) {
  EXPECT_EQ(parsed("48656c"), "Hel");
}

TEST(HexParse, PrefixedAndCommaSeparated) {
  EXPECT_EQ(parsed("0x48,0x65"), "He");
  EXPECT_EQ(parsed("0X48, 0X65"), "He");
  EXPECT_EQ(parsed("0x48656c"), "Hel");
}

TEST(HexParse, ColonsDashesAndMixedCase) {
  EXPECT_EQ(parsed("48:65:6C"), "Hel");
  EXPECT_EQ(parsed("48-65-6c"), "Hel");
  EXPECT_EQ(parsed("aB Cd eF"), "\xab\xcd\xef");
}

TEST(HexParse, WhitespaceAndNewlines) {
  EXPECT_EQ(parsed("  48\t65\n6c\r\n"), "Hel");
  EXPECT_EQ(parsed("48 65\n\n6c 6c\n6f"), "Hello");
}

TEST(HexParse, ZeroAndFullBytes) {
  EXPECT_EQ(parsed("00 ff 00"), "\x00\xff\x00"s);
}

TEST(HexParse, EmptyInputIsNoBytes) {
  EXPECT_EQ(parsed(""), "");
  EXPECT_EQ(parsed(" \n, "), "");
}

TEST(HexParse, BadDigitNamesPosition) {
  EXPECT_EQ(error_of("48 6g"), "invalid hex at position 5: 'g' is not a hex digit");
  EXPECT_EQ(error_of("g8"), "invalid hex at position 1: 'g' is not a hex digit");
  EXPECT_EQ(error_of("4865zz"), "invalid hex at position 5: 'z' is not a hex digit");
  EXPECT_EQ(error_of("48;65"), "invalid hex at position 3: ';' is not a hex digit");
}

TEST(HexParse, NonPrintableBadCharacterIsEscaped) {
  EXPECT_EQ(error_of("48\x01"), "invalid hex at position 3: '\\x01' is not a hex digit");
  EXPECT_EQ(error_of("4\xff"), "invalid hex at position 2: '\\xff' is not a hex digit");
}

TEST(HexParse, OddDigitCount) {
  EXPECT_EQ(error_of("486"),
            "invalid hex at position 3: incomplete byte '6', a byte needs two hex digits");
  EXPECT_EQ(error_of("48 6 65"),
            "invalid hex at position 4: incomplete byte '6', a byte needs two hex digits");
  EXPECT_EQ(error_of("a"),
            "invalid hex at position 1: incomplete byte 'a', a byte needs two hex digits");
}

TEST(HexParse, PrefixNeedsDigitsAndATokenStart) {
  EXPECT_EQ(error_of("0x"), "invalid hex at position 1: '0x' is not followed by hex digits");
  EXPECT_EQ(error_of("48 0x 65"), "invalid hex at position 4: '0x' is not followed by hex digits");
  EXPECT_EQ(error_of("480x65"), "invalid hex at position 4: 'x' is not a hex digit");
  EXPECT_EQ(error_of("0xg1"), "invalid hex at position 3: 'g' is not a hex digit");
}

TEST(HexFormat, WithSeparator) {
  EXPECT_EQ(tcpc::format_hex("Hel"), "48 65 6c");
  EXPECT_EQ(tcpc::format_hex("\x00\xff"s), "00 ff");
  EXPECT_EQ(tcpc::format_hex("\x00\xff"s, ':'), "00:ff");
}

TEST(HexFormat, WithoutSeparator) {
  EXPECT_EQ(tcpc::format_hex("\x00\x7f\x80\xff"s, '\0'), "007f80ff");
}

TEST(HexFormat, EmptyAndSingle) {
  EXPECT_EQ(tcpc::format_hex(""), "");
  EXPECT_EQ(tcpc::format_hex("\n"), "0a");
}

TEST(HexFormat, RoundTripsAllBytes) {
  std::string all;
  for (int i = 0; i < 256; ++i)
    all.push_back(static_cast<char>(i));
  EXPECT_EQ(parsed(tcpc::format_hex(all)), all);
  EXPECT_EQ(parsed(tcpc::format_hex(all, '\0')), all);
  EXPECT_EQ(tcpc::format_hex(all).size(), 256u * 3 - 1);
}

}  // namespace
