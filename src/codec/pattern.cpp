// SPDX-License-Identifier: MIT
#include "tcpc/pattern.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "tcpc/escape.hpp"
#include "tcpc/hex.hpp"

namespace tcpc {
namespace {

Error bad(std::string message) {
  return Error(errc::invalid_argument, Operation::none, {}, std::move(message));
}

// "hex:01 ?? 03": the bytes, with a mask for the wildcards.
Result<void> parse_hex_pattern(std::string_view text, Pattern& pattern) {
  if (!text.empty() && text.front() == '^') {
    pattern.anchored = true;
    text.remove_prefix(1);
  }
  // Cut at each ?? so the rest goes through the one hex parser.
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t wild = text.find("??", at);
    const std::string_view piece =
        text.substr(at, wild == std::string_view::npos ? wild : wild - at);
    auto bytes = parse_hex(piece);
    if (!bytes) {
      return bad(fmt::format("hex:{}: {}", text, bytes.error().message()));
    }
    pattern.bytes += *bytes;
    pattern.wild.append(bytes->size(), '\0');
    if (wild == std::string_view::npos) break;
    pattern.bytes += '\0';
    pattern.wild += '\1';
    at = wild + 2;
  }
  if (pattern.bytes.empty()) return bad("hex: needs at least one byte (hex:0d0a)");
  return {};
}

Result<void> parse_regex(std::string_view text, Pattern& pattern) {
  const std::size_t length = regex_literal_length(text);
  if (length == 0) return bad(fmt::format("{}: the regular expression has no closing /", text));
  if (length != text.size()) {
    return bad(fmt::format("{}: unexpected '{}' after the closing / (flags: i)", text,
                           text.substr(length)));
  }
  std::string_view literal = text;
  auto options = std::regex::ECMAScript;
  while (literal.back() == 'i') {
    options |= std::regex::icase;
    literal.remove_suffix(1);
  }
  std::string body;
  const std::string_view inner = literal.substr(1, literal.size() - 2);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\' && i + 1 < inner.size() && inner[i + 1] == '/') ++i;
    body += inner[i];
  }
  if (body.empty()) return bad(fmt::format("{}: empty regular expression", text));
  try {
    auto regex = std::make_shared<const std::regex>(body, options);
    pattern.groups = regex->mark_count();
    pattern.regex = std::move(regex);
  } catch (const std::regex_error& error) {
    return bad(fmt::format("{}: invalid regular expression: {}", text, error.what()));
  }
  return {};
}

bool equal_at(const Pattern& pattern, std::string_view bytes, std::size_t at) {
  for (std::size_t i = 0; i < pattern.bytes.size(); ++i) {
    if (pattern.wild[i] == '\0' && bytes[at + i] != pattern.bytes[i]) return false;
  }
  return true;
}

std::optional<Match> find_bytes(const Pattern& pattern, std::string_view bytes) {
  const std::size_t size = pattern.bytes.size();
  if (bytes.size() < size) return std::nullopt;
  const std::size_t last = pattern.anchored ? 0 : bytes.size() - size;
  for (std::size_t at = 0; at <= last; ++at) {
    if (equal_at(pattern, bytes, at)) {
      return Match{at, at + size, {std::string(bytes.substr(at, size))}};
    }
  }
  return std::nullopt;
}

std::optional<Match> find_regex(const Pattern& pattern, std::string_view bytes) {
  // Only the newest bytes: the matcher's recursion grows with the subject.
  const std::size_t skipped = bytes.size() > kMaxRegexSubject ? bytes.size() - kMaxRegexSubject : 0;
  const std::string_view subject = bytes.substr(skipped);
  std::match_results<std::string_view::const_iterator> found;
  try {
    if (!std::regex_search(subject.begin(), subject.end(), found, *pattern.regex)) {
      return std::nullopt;
    }
  } catch (const std::regex_error&) {
    return std::nullopt;  // error_complexity or error_stack: too hard to decide
  }
  Match match;
  match.begin = skipped + static_cast<std::size_t>(found.position(0));
  match.end = match.begin + static_cast<std::size_t>(found.length(0));
  for (const auto& group : found)
    match.captures.emplace_back(group.matched ? group.str() : std::string());
  return match;
}

}  // namespace

std::size_t regex_literal_length(std::string_view text) {
  if (text.empty() || text.front() != '/') return 0;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] != '/') continue;
    std::size_t end = i + 1;
    while (end < text.size() && text[end] == 'i')
      ++end;
    return end;
  }
  return 0;
}

Result<Pattern> parse_pattern(std::string_view text) {
  Pattern pattern;
  pattern.source = std::string(text);
  if (text.empty()) return bad("empty pattern (text, hex:BYTES, /REGEX/ or *)");
  if (text.size() > kMaxPattern) {
    return bad(fmt::format("pattern longer than {} bytes", kMaxPattern));
  }
  if (text == "*") {
    pattern.kind = Pattern::Kind::any;
    return pattern;
  }
  if (text.front() == '/') {
    pattern.kind = Pattern::Kind::regex;
    if (auto parsed = parse_regex(text, pattern); !parsed) return parsed.error();
    return pattern;
  }
  if (text.starts_with("hex:")) {
    pattern.kind = Pattern::Kind::hex;
    if (auto parsed = parse_hex_pattern(text.substr(4), pattern); !parsed) return parsed.error();
    return pattern;
  }
  auto bytes = parse_escapes(text);
  if (!bytes) return bad(fmt::format("{}: {}", text, bytes.error().message()));
  pattern.bytes = std::move(*bytes);
  pattern.wild.assign(pattern.bytes.size(), '\0');
  return pattern;
}

std::optional<Match> find_match(const Pattern& pattern, std::string_view bytes) {
  switch (pattern.kind) {
    case Pattern::Kind::any:
      return Match{0, bytes.size(), {std::string(bytes)}};
    case Pattern::Kind::regex:
      return find_regex(pattern, bytes);
    case Pattern::Kind::text:
    case Pattern::Kind::hex:
      break;
  }
  return find_bytes(pattern, bytes);
}

}  // namespace tcpc
