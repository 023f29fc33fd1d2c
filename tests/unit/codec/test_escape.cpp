// SPDX-License-Identifier: MIT
#include "tcpc/escape.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

using namespace std::string_literals;

namespace {

std::string parsed(std::string_view text) {
  auto result = tcpc::parse_escapes(text);
  EXPECT_TRUE(result.ok()) << text << ": " << result.error().message();
  return result.ok() ? *result : std::string("<error>");
}

std::string error_of(std::string_view text) {
  auto result = tcpc::parse_escapes(text);
  EXPECT_FALSE(result.ok()) << "parsed: " << text;
  if (result.ok()) return {};
  EXPECT_EQ(result.error().code(), tcpc::errc::invalid_escape);
  return result.error().message();
}

TEST(EscapeParse, PlainTextUnchanged) {
  EXPECT_EQ(parsed(""), "");
  EXPECT_EQ(parsed("GET / HTTP/1.0"), "GET / HTTP/1.0");
  EXPECT_EQ(parsed("caf\xc3\xa9"), "caf\xc3\xa9");
}

TEST(EscapeParse, NamedEscapes) {
  EXPECT_EQ(parsed(R"(\r\n\t\a\b\f\v\e\\\"\')"), "\r\n\t\a\b\f\v\x1b\\\"'");
  EXPECT_EQ(parsed(R"(GET / HTTP/1.0\r\n\r\n)"), "GET / HTTP/1.0\r\n\r\n");
}

TEST(EscapeParse, NulInOutput) {
  EXPECT_EQ(parsed(R"(a\0b)"), "a\0b"s);
  EXPECT_EQ(parsed(R"(\0)"), "\0"s);
  EXPECT_EQ(parsed(R"(\x00\x00)"), "\0\0"s);
}

TEST(EscapeParse, HexEscapesTakeExactlyTwoDigits) {
  EXPECT_EQ(parsed(R"(\x41\x6a\x6A\xff)"), "Ajj\xff");
  EXPECT_EQ(parsed(R"(\x414)"), "A4");
}

TEST(EscapeParse, OctalEscapesTakeOneToThreeDigits) {
  EXPECT_EQ(parsed(R"(\101)"), "A");
  EXPECT_EQ(parsed(R"(\12)"), "\n");
  EXPECT_EQ(parsed(R"(\7)"), "\a");
  EXPECT_EQ(parsed(R"(\377)"), "\xff");
  EXPECT_EQ(parsed(R"(\1011)"), "A1");
  EXPECT_EQ(parsed(R"(\08)"), "\0"s + "8");
}

TEST(EscapeParse, BadHexEscape) {
  EXPECT_EQ(error_of(R"(ab\x4)"),
            "invalid escape at position 3: \\x must be followed by two hex digits");
  EXPECT_EQ(error_of(R"(\x4g)"),
            "invalid escape at position 1: \\x must be followed by two hex digits");
  EXPECT_EQ(error_of(R"(\x)"),
            "invalid escape at position 1: \\x must be followed by two hex digits");
}

TEST(EscapeParse, OctalOutOfRange) {
  EXPECT_EQ(error_of(R"(x\400)"),
            "invalid escape at position 2: octal escape '\\400' is out of range (max \\377)");
}

TEST(EscapeParse, UnknownEscapeNamesPosition) {
  EXPECT_EQ(error_of(R"(hello\q)"), "invalid escape at position 6: unknown escape '\\q'");
  EXPECT_EQ(error_of(R"(\8)"), "invalid escape at position 1: unknown escape '\\8'");
  EXPECT_EQ(error_of("\\\x01"),
            "invalid escape at position 1: unknown escape: backslash followed by byte \\x01");
}

TEST(EscapeParse, TrailingBackslash) {
  EXPECT_EQ(error_of("abc\\"), "invalid escape at position 4: trailing backslash");
  EXPECT_EQ(error_of(R"(\\\)"), "invalid escape at position 3: trailing backslash");
}

TEST(EscapeFormat, PrintableAndNamed) {
  EXPECT_EQ(tcpc::format_escapes("GET /\r\n"), R"(GET /\r\n)");
  EXPECT_EQ(tcpc::format_escapes("a\tb\\c\"d'"), R"(a\tb\\c"d')");
}

TEST(EscapeFormat, OtherBytesAsHex) {
  EXPECT_EQ(tcpc::format_escapes("\0\x01\x7f\x80\xff"s), R"(\x00\x01\x7f\x80\xff)");
  EXPECT_EQ(tcpc::format_escapes("\x1b[0m"), R"(\x1b[0m)");
}

TEST(EscapeFormat, RoundTripsAllBytes) {
  std::string all;
  for (int i = 0; i < 256; ++i)
    all.push_back(static_cast<char>(i));
  // Tricky neighbours: a hex digit after \x01, a literal "\x41", an octal digit after NUL.
  all += "\x01"s + "2" + "\\x41" + '\0' + "7";
  EXPECT_EQ(parsed(tcpc::format_escapes(all)), all);
}

}  // namespace
