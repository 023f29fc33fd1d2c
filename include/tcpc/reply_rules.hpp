// SPDX-License-Identifier: MIT
// Rule-based replies: a fake device or server that answers by rule.
//   MATCH => REPLY          answer what MATCH finds with REPLY
//   MATCH =>+200ms REPLY    the same, 200 ms later
// MATCH is a pattern (tcpc/pattern.hpp: text, hex:BYTES, /REGEX/, or * for
// the default reply). REPLY is text with C escapes, or hex:BYTES, either
// with macros (tcpc/macro.hpp); {capture N} is group N of a /REGEX/ match
// (0: the whole match). REPLY may be empty: the rule swallows what it matches.
// Rules are tried in order on each frame (or chunk) received and the first
// that matches answers; the default (*) answers only when none other does,
// wherever it was written.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/checksum.hpp"
#include "tcpc/macro.hpp"
#include "tcpc/pattern.hpp"
#include "tcpc/result.hpp"

namespace tcpc {

struct ReplyRule {
  std::string text;  // as written, for the log
  Pattern match;
  MacroTemplate reply;
  std::optional<std::chrono::milliseconds> delay;  // =>+MS; unset: the rules' delay
};

// The longest delay a rule may ask for (a minute).
inline constexpr std::chrono::milliseconds kMaxRuleDelay{60'000};

struct ReplyRules {
  std::vector<ReplyRule> rules;
  std::chrono::milliseconds delay{0};  // for rules without their own
  // Checksums added after every reply, in order (a fake device's CRC).
  std::vector<ChecksumSpec> append;
  bool empty() const noexcept { return rules.empty(); }
};

// One rule, "MATCH => REPLY". Errors: errc::invalid_argument, one line.
Result<ReplyRule> parse_reply_rule(std::string_view text);
// A rules file: one rule per line; blank lines and lines starting with #
// are skipped. Errors name the line: "NAME:LINE: message".
Result<std::vector<ReplyRule>> parse_reply_rules(std::string_view contents, std::string_view name);

struct FiredRule {
  std::size_t index = 0;  // in ReplyRules::rules
  std::string reply;      // expanded
  std::chrono::milliseconds delay{0};
};

// The rule that answers `frame`, if any; fails only if its reply cannot be
// expanded. `context` gives {seq} and {time}; captures come from the match.
Result<std::optional<FiredRule>> answer(const ReplyRules& rules, std::string_view frame,
                                        MacroContext context);

}  // namespace tcpc
