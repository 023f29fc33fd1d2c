// SPDX-License-Identifier: MIT
#include "tcpc/macro.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

using namespace std::string_literals;
using tcpc::MacroContext;
using tcpc::MacroTemplate;
using tcpc::TemplateSyntax;

namespace {

std::string expanded(std::string_view text, const MacroContext& context = {},
                     TemplateSyntax syntax = TemplateSyntax::text) {
  auto macros = tcpc::parse_template(text, syntax);
  EXPECT_TRUE(macros) << text << ": " << (macros ? "" : macros.error().message());
  if (!macros) return {};
  auto out = tcpc::expand(*macros, context);
  EXPECT_TRUE(out) << text;
  return out ? *out : std::string();
}

std::string error_of(std::string_view text, TemplateSyntax syntax = TemplateSyntax::text) {
  auto macros = tcpc::parse_template(text, syntax);
  EXPECT_FALSE(macros) << text;
  return macros ? std::string() : macros.error().message();
}

}  // namespace

TEST(Macro, PlainTextTakesEscapes) {
  auto macros = tcpc::parse_template("PING\\r\\n");
  ASSERT_TRUE(macros);
  EXPECT_FALSE(macros->has_macros());
  EXPECT_EQ(expanded("PING\\r\\n"), "PING\r\n");
}

TEST(Macro, SeqTimeAndCaptures) {
  MacroContext context;
  context.seq = 7;
  context.now = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'765'150'915'123));
  const std::map<std::string, std::string> captures{{"id", "42"}};
  context.captures = &captures;
  EXPECT_EQ(expanded("#{seq} at {time} id={capture id}\\n", context),
            "#7 at 2025-12-07T23:41:55.123Z id=42\n");
}

TEST(Macro, RandomDigitsAndBytes) {
  MacroContext context;
  std::uint32_t next = 0;
  context.random = [&next] { return next++; };
  EXPECT_EQ(expanded("{random:12}", context), "012345678901");
  next = 0x41;
  EXPECT_EQ(expanded("{randbytes:3}", context), "ABC");
  MacroContext real;
  const std::string digits = expanded("{random:50}", real);
  ASSERT_EQ(digits.size(), 50u);
  EXPECT_EQ(digits.find_first_not_of("0123456789"), std::string::npos);
}

TEST(Macro, BracesThatAreNotMacrosStayData) {
  EXPECT_EQ(expanded(R"({"a":{"b":1}})"), R"({"a":{"b":1}})");
  EXPECT_EQ(expanded("{{seq}}"), "{seq}}");
  EXPECT_EQ(expanded("{ seq}"), "{ seq}");
  EXPECT_EQ(expanded("{"), "{");
}

TEST(Macro, HexTemplates) {
  MacroContext context;
  const std::map<std::string, std::string> captures{{"tid", "\x12\x34"s}};
  context.captures = &captures;
  EXPECT_EQ(expanded("01 03 {capture tid} 00 0a", context, TemplateSyntax::hex),
            "\x01\x03\x12\x34\x00\x0a"s);
  EXPECT_NE(error_of("01 zz {seq}", TemplateSyntax::hex).find("hex"), std::string::npos);
}

TEST(Macro, Errors) {
  EXPECT_NE(error_of("x{sqe}").find("column 2: unknown macro {sqe}"), std::string::npos);
  EXPECT_NE(error_of("{seq:3}").find("{seq} takes nothing more"), std::string::npos);
  EXPECT_NE(error_of("{random:0}").find("from 1 to 4096"), std::string::npos);
  EXPECT_NE(error_of("{random}").find("needs a count"), std::string::npos);
  EXPECT_NE(error_of("{capture}").find("needs a name"), std::string::npos);
  EXPECT_NE(error_of("{capture a b}").find("needs a name"), std::string::npos);
  EXPECT_NE(error_of("\\q{seq}").find("escape"), std::string::npos);
}

TEST(Macro, MissingCaptureFailsAtExpansion) {
  auto macros = tcpc::parse_template("{capture nope}");
  ASSERT_TRUE(macros);
  EXPECT_EQ(macros->captures(), std::vector<std::string>{"nope"});
  auto out = tcpc::expand(*macros, {});
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().message().find("nothing was captured as nope"), std::string::npos);
}
