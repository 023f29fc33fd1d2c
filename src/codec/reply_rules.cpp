// SPDX-License-Identifier: MIT
#include "tcpc/reply_rules.hpp"

#include <fmt/format.h>

#include <charconv>
#include <map>

namespace tcpc {
namespace {

Error bad(std::string message) {
  return Error(errc::invalid_argument, Operation::none, {}, std::move(message));
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// Where "=>" is: after a /regex/ (which may hold "=>" itself), else the first.
std::size_t arrow_at(std::string_view text) {
  const std::size_t regex = regex_literal_length(text);
  return text.find("=>", regex);
}

// "+200ms" right after the arrow: the rule's delay; `rest` moves past it.
Result<std::optional<std::chrono::milliseconds>> parse_delay(std::string_view& rest) {
  if (rest.empty() || rest.front() != '+') return std::optional<std::chrono::milliseconds>{};
  const std::size_t end = rest.find_first_of(" \t");
  const std::string_view word = rest.substr(0, end);
  std::int64_t ms = 0;
  const char* first = word.data() + 1;
  const char* last = word.data() + word.size();
  auto parsed = std::from_chars(first, last, ms);
  if (parsed.ec != std::errc() || std::string_view(parsed.ptr, last) != "ms" || ms < 0 ||
      ms > kMaxRuleDelay.count()) {
    return bad(fmt::format("=>{}: a delay is =>+MSms, from 0 to {} (=>+200ms REPLY)", word,
                           kMaxRuleDelay.count()));
  }
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  return std::optional<std::chrono::milliseconds>{std::chrono::milliseconds(ms)};
}

}  // namespace

Result<ReplyRule> parse_reply_rule(std::string_view text) {
  ReplyRule rule;
  rule.text = std::string(trim(text));
  const std::size_t arrow = arrow_at(text);
  if (arrow == std::string_view::npos) {
    return bad(fmt::format("rule '{}' has no =>: write MATCH => REPLY", rule.text));
  }
  auto match = parse_pattern(trim(text.substr(0, arrow)));
  if (!match) return bad(fmt::format("rule '{}': {}", rule.text, match.error().message()));
  rule.match = std::move(*match);
  std::string_view rest = text.substr(arrow + 2);
  auto delay = parse_delay(rest);
  if (!delay) return bad(fmt::format("rule '{}': {}", rule.text, delay.error().message()));
  rule.delay = *delay;
  rest = trim(rest);
  const bool hex = rest.starts_with("hex:");
  auto reply =
      parse_template(hex ? rest.substr(4) : rest, hex ? TemplateSyntax::hex : TemplateSyntax::text);
  if (!reply) {
    return bad(fmt::format("rule '{}': reply: {}", rule.text, reply.error().message()));
  }
  rule.reply = std::move(*reply);
  // A {capture N} beyond the regex's groups could never be filled.
  for (const std::string& name : rule.reply.captures()) {
    std::size_t group = 0;
    auto parsed = std::from_chars(name.data(), name.data() + name.size(), group);
    const std::size_t groups = rule.match.kind == Pattern::Kind::regex ? rule.match.groups : 0;
    if (parsed.ec != std::errc() || name != std::to_string(group) || group > groups) {
      return bad(
          fmt::format("rule '{}': {{capture {}}}: MATCH has {} group{} (0 is the whole "
                      "match)",
                      rule.text, name, groups, groups == 1 ? "" : "s"));
    }
  }
  return rule;
}

Result<std::vector<ReplyRule>> parse_reply_rules(std::string_view contents, std::string_view name) {
  std::vector<ReplyRule> rules;
  std::size_t line_number = 0;
  while (!contents.empty()) {
    ++line_number;
    const std::size_t newline = contents.find('\n');
    const std::string_view line = trim(contents.substr(0, newline));
    contents =
        newline == std::string_view::npos ? std::string_view{} : contents.substr(newline + 1);
    if (line.empty() || line.front() == '#') continue;
    auto rule = parse_reply_rule(line);
    if (!rule) return bad(fmt::format("{}:{}: {}", name, line_number, rule.error().message()));
    rules.push_back(std::move(*rule));
  }
  return rules;
}

Result<std::optional<FiredRule>> answer(const ReplyRules& rules, std::string_view frame,
                                        MacroContext context) {
  std::optional<std::size_t> fallback;
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const ReplyRule& rule = rules.rules[i];
    if (rule.match.kind == Pattern::Kind::any) {
      if (!fallback) fallback = i;
      continue;
    }
    auto match = find_match(rule.match, frame);
    if (!match) continue;
    std::map<std::string, std::string> captures;
    for (std::size_t group = 0; group < match->captures.size(); ++group)
      captures[std::to_string(group)] = match->captures[group];
    context.captures = &captures;
    auto reply = expand(rule.reply, context);
    if (!reply) return reply.error();
    return std::optional<FiredRule>{
        FiredRule{i, append_checksums(rules.append, *reply), rule.delay.value_or(rules.delay)}};
  }
  if (!fallback) return std::optional<FiredRule>{};
  const ReplyRule& rule = rules.rules[*fallback];
  std::map<std::string, std::string> captures{{"0", std::string(frame)}};
  context.captures = &captures;
  auto reply = expand(rule.reply, context);
  if (!reply) return reply.error();
  return std::optional<FiredRule>{FiredRule{*fallback, append_checksums(rules.append, *reply),
                                            rule.delay.value_or(rules.delay)}};
}

}  // namespace tcpc
