// SPDX-License-Identifier: MIT
// Any rule text parses or fails cleanly; a rule that parses answers any
// frame without crashing, and a text or hex rule's match lies inside the
// frame. Macros in the reply expand. Input: a rule line, then the frame.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "tcpc/reply_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view line = input.substr(0, newline);
  (void)tcpc::parse_template(line);
  (void)tcpc::parse_template(line, tcpc::TemplateSyntax::hex);
  auto rule = tcpc::parse_reply_rule(line);
  if (!rule || newline == std::string_view::npos) return 0;
  const std::string_view frame = input.substr(newline + 1);
  if (auto match = tcpc::find_match(rule->match, frame)) {
    FUZZ_CHECK(match->begin <= match->end && match->end <= frame.size());
    FUZZ_CHECK(!match->captures.empty());
  }
  tcpc::ReplyRules rules;
  rules.rules.push_back(std::move(*rule));
  tcpc::MacroContext context;
  context.random = [] { return 7u; };
  auto answered = tcpc::answer(rules, frame, context);
  FUZZ_CHECK(answered);  // captures in replies were checked when the rule was parsed
  return 0;
}
