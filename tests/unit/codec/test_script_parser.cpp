// SPDX-License-Identifier: MIT
#include "tcpc/script.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace std::string_literals;
using namespace std::chrono_literals;
using tcpc::Pattern;
using tcpc::Script;
using Kind = tcpc::ScriptStep::Kind;

namespace {

Script script_of(std::string_view text) {
  auto script = tcpc::parse_script(text);
  EXPECT_TRUE(script) << text << ": " << (script ? "" : script.error().message());
  return script ? *script : Script{};
}

std::string error_of(std::string_view text) {
  auto script = tcpc::parse_script(text);
  EXPECT_FALSE(script) << text;
  return script ? std::string() : script.error().message();
}

std::string sent(const tcpc::ScriptStep& step) {
  auto out = tcpc::expand(step.data, {});
  return out ? *out : "<" + out.error().message() + ">";
}

}  // namespace

TEST(ScriptParser, ASmtpLikeDialogue) {
  const Script script = script_of(
      "# SMTP-like\n"
      "timeout 2s\n"
      "expect /^220 /\n"
      "send HELO tcpc\\r\\n\n"
      "  expect \"250\" within 500ms\n"
      "sleep 100\n"
      "print done\n");
  ASSERT_EQ(script.steps.size(), 6u);
  EXPECT_EQ(script.steps[0].kind, Kind::timeout);
  EXPECT_EQ(script.steps[0].duration, 2000ms);
  EXPECT_EQ(script.steps[1].kind, Kind::expect);
  EXPECT_EQ(script.steps[1].pattern->kind, Pattern::Kind::regex);
  EXPECT_EQ(script.steps[1].line, 3u);
  EXPECT_EQ(script.steps[2].kind, Kind::send);
  EXPECT_EQ(sent(script.steps[2]), "HELO tcpc\r\n");
  EXPECT_EQ(script.steps[3].pattern->bytes, "250");
  EXPECT_EQ(script.steps[3].within, 500ms);
  EXPECT_EQ(script.steps[3].text, "expect \"250\" within 500ms");
  EXPECT_EQ(script.steps[4].duration, 100ms);
  EXPECT_EQ(script.steps[5].kind, Kind::print);
}

TEST(ScriptParser, SendForms) {
  const Script script = script_of(
      "send \"a b\\\"c\"\n"
      "send hex 01 03 00 00 00 0a append crc16-modbus\n"
      "send hex:0d0a\n"
      "send \"x\" append sum8 append hex:0d0a\n"
      "send no \"clauses\" append here\n");
  ASSERT_EQ(script.steps.size(), 5u);
  EXPECT_EQ(sent(script.steps[0]), "a b\"c");
  EXPECT_EQ(sent(script.steps[1]), "\x01\x03\x00\x00\x00\x0a"s);
  EXPECT_EQ(script.steps[1].append, std::vector<std::string>{"crc16-modbus"});
  EXPECT_EQ(sent(script.steps[2]), "\r\n");
  EXPECT_EQ(script.steps[3].append, (std::vector<std::string>{"sum8", "hex:0d0a"}));
  EXPECT_EQ(sent(script.steps[4]), "no \"clauses\" append here");
}

TEST(ScriptParser, CapturesMustComeBeforeTheirUse) {
  const Script script = script_of(
      "expect /ID=(\\d+) KEY=(\\w+)/ capture id key\n"
      "send GET {capture id} {capture key}\\n\n");
  EXPECT_EQ(script.steps[0].captures, (std::vector<std::string>{"id", "key"}));
  EXPECT_EQ(error_of("send {capture id}\n"), "1:6: {capture id}: no earlier expect captures id");
  EXPECT_EQ(error_of("expect /(a)/ capture x y\n"), "1:14: 2 names for 1 group");
}

TEST(ScriptParser, RepeatBlocks) {
  const Script script = script_of(
      "repeat 3\n"
      "  send PING {seq}\\n\n"
      "  repeat until /READY/ max 4\n"
      "    sleep 10\n"
      "  end\n"
      "end\n"
      "expect hex:0d 0a within 1s\n");
  ASSERT_EQ(script.steps.size(), 2u);
  const auto& outer = script.steps[0];
  EXPECT_EQ(outer.kind, Kind::repeat);
  EXPECT_EQ(outer.count, 3u);
  EXPECT_FALSE(outer.pattern);
  ASSERT_EQ(outer.body.size(), 2u);
  EXPECT_EQ(outer.body[1].count, 4u);
  EXPECT_EQ(outer.body[1].pattern->source, "/READY/");
  EXPECT_EQ(outer.body[1].body.size(), 1u);
  EXPECT_EQ(script.steps[1].pattern->bytes, "\r\n");
  EXPECT_EQ(script.steps[1].within, 1000ms);
  EXPECT_EQ(script_of("repeat until \"OK\"\nend\n").steps[0].count, tcpc::kDefaultRepeatUntil);
}

TEST(ScriptParser, ErrorsNameLineAndColumn) {
  EXPECT_EQ(error_of("send x\nfrobnicate\n"),
            "2:1: unknown step 'frobnicate' (send, expect, sleep, timeout, print, repeat, end)");
  EXPECT_EQ(error_of("  sleep soon\n"),
            "1:9: sleep needs a duration: 250, 250ms or 2s (at most a day)");
  EXPECT_EQ(error_of("expect /abc\n"), "1:8: the regular expression has no closing /");
  EXPECT_EQ(error_of("send \"abc\n"), "1:6: the quoted text has no closing \"");
  EXPECT_EQ(error_of("expect \"a\" soon\n"), "1:12: unexpected 'soon' (within MS, capture NAME)");
  EXPECT_EQ(error_of("repeat 2\nsend x\n"), "1:1: repeat without end");
  EXPECT_EQ(error_of("end\n"), "1:1: end without repeat");
  EXPECT_EQ(error_of("repeat 0\nend\n"),
            "1:8: repeat needs a count from 1 to 1000000 or until PATTERN");
  EXPECT_EQ(error_of("send {sqe}\n").rfind("1:6: column 1: unknown macro {sqe}", 0), 0u);
  EXPECT_EQ(error_of("send \"x\" crc\n"), "1:10: expected append SPEC or the end of the line");
  EXPECT_EQ(error_of("send\n"), "1:5: send needs data: send TEXT, send \"TEXT\" or send hex BYTES");
  EXPECT_EQ(error_of("expect *\n").rfind("1:8: expect *", 0), 0u);
}

TEST(ScriptParser, CommentsBlankLinesAndCrlf) {
  const Script script = script_of("\r\n# c\r\n   \r\nsend a\r\n");
  ASSERT_EQ(script.steps.size(), 1u);
  EXPECT_EQ(sent(script.steps[0]), "a");
}
