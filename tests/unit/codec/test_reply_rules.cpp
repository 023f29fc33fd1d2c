// SPDX-License-Identifier: MIT
#include "tcpc/reply_rules.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace std::string_literals;
using namespace std::chrono_literals;
using tcpc::ReplyRules;

namespace {

ReplyRules rules_of(std::initializer_list<std::string_view> texts) {
  ReplyRules rules;
  for (std::string_view text : texts) {
    auto rule = tcpc::parse_reply_rule(text);
    EXPECT_TRUE(rule) << text << ": " << (rule ? "" : rule.error().message());
    if (rule) rules.rules.push_back(std::move(*rule));
  }
  return rules;
}

std::optional<tcpc::FiredRule> fired(const ReplyRules& rules, std::string_view frame) {
  auto answered = tcpc::answer(rules, frame, {});
  EXPECT_TRUE(answered);
  return answered ? *answered : std::nullopt;
}

std::string error_of(std::string_view text) {
  auto rule = tcpc::parse_reply_rule(text);
  EXPECT_FALSE(rule) << text;
  return rule ? std::string() : rule.error().message();
}

}  // namespace

TEST(ReplyRules, FirstMatchWinsAndDefaultComesLast) {
  const ReplyRules rules = rules_of({"* => ?\\r\\n", "PING => PONG\\r\\n", "P => first P\\n"});
  auto ping = fired(rules, "PING\r\n");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->index, 1u);
  EXPECT_EQ(ping->reply, "PONG\r\n");
  auto other = fired(rules, "HELLO");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->index, 0u);
  EXPECT_EQ(other->reply, "?\r\n");
}

TEST(ReplyRules, NoMatchNoDefaultNoReply) {
  EXPECT_FALSE(fired(rules_of({"PING => PONG"}), "HELLO"));
}

TEST(ReplyRules, RegexCapturesGoIntoTheReply) {
  const ReplyRules rules = rules_of({"/^GET (\\w+)=(\\d+)/ => {capture 1} is {capture 2}\\n"});
  auto answer = fired(rules, "GET temp=21\r\n");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->reply, "temp is 21\n");
}

TEST(ReplyRules, HexMatchAndHexReplyForAModbusLikeDevice) {
  const ReplyRules rules =
      rules_of({"hex:^01 03 => hex:01 03 02 00 2a", "hex:^01 06 =>+20ms hex:01 06"});
  auto read = fired(rules, "\x01\x03\x00\x00\x00\x01"s);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->reply, "\x01\x03\x02\x00\x2a"s);
  EXPECT_EQ(read->delay, 0ms);
  auto write = fired(rules, "\x01\x06\x00\x01"s);
  ASSERT_TRUE(write);
  EXPECT_EQ(write->delay, 20ms);
  EXPECT_FALSE(fired(rules, "\x02\x01\x03"s));
}

TEST(ReplyRules, RulesDelayAppliesUnlessTheRuleSetsItsOwn) {
  ReplyRules rules = rules_of({"A => a", "B =>+0ms b"});
  rules.delay = 300ms;
  EXPECT_EQ(fired(rules, "A")->delay, 300ms);
  EXPECT_EQ(fired(rules, "B")->delay, 0ms);
}

TEST(ReplyRules, MacrosInReplies) {
  const ReplyRules rules = rules_of({"* => #{seq} {capture 0}"});
  tcpc::MacroContext context;
  context.seq = 3;
  auto answered = tcpc::answer(rules, "hi", context);
  ASSERT_TRUE(answered && *answered);
  EXPECT_EQ((*answered)->reply, "#3 hi");
}

TEST(ReplyRules, ArrowInsideARegexIsNotTheRulesArrow) {
  const ReplyRules rules = rules_of({"/a=>b/ => yes"});
  EXPECT_EQ(fired(rules, "a=>b")->reply, "yes");
}

TEST(ReplyRules, EmptyReplySwallows) {
  auto swallowed = fired(rules_of({"QUIT =>"}), "QUIT");
  ASSERT_TRUE(swallowed);
  EXPECT_EQ(swallowed->reply, "");
}

TEST(ReplyRules, MalformedRulesSayWhy) {
  EXPECT_NE(error_of("PING PONG").find("has no =>"), std::string::npos);
  EXPECT_NE(error_of(" => PONG").find("empty pattern"), std::string::npos);
  EXPECT_NE(error_of("/a(/ => x").find("invalid regular expression"), std::string::npos);
  EXPECT_NE(error_of("PING =>+5 PONG").find("=>+MSms"), std::string::npos);
  EXPECT_NE(error_of("PING => {capture 1}").find("MATCH has 0 groups"), std::string::npos);
  EXPECT_NE(error_of("PING => {sqe}").find("unknown macro"), std::string::npos);
  EXPECT_NE(error_of("PING => hex:zz").find("reply"), std::string::npos);
}

TEST(ReplyRules, FileSkipsCommentsAndNamesTheLine) {
  auto rules = tcpc::parse_reply_rules("# device\n\nPING => PONG\n  \nHELLO\n", "dev.rules");
  ASSERT_FALSE(rules);
  EXPECT_NE(rules.error().message().find("dev.rules:5: rule 'HELLO' has no =>"), std::string::npos);
  auto good = tcpc::parse_reply_rules("# x\r\nPING => PONG\r\n* => ?\r\n", "f");
  ASSERT_TRUE(good);
  EXPECT_EQ(good->size(), 2u);
}
