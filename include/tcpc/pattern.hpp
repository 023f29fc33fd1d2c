// SPDX-License-Identifier: MIT
// What a script's `expect` and a reply rule look for in received bytes.
// One syntax for both:
//   /REGEX/ or /REGEX/i   an ECMAScript regular expression (i: ignore case);
//                         groups are captures. "\/" is a slash inside it.
//   hex:01 03 ?? 00       bytes as hex; ?? matches any byte; a leading ^
//                         (hex:^01 03) matches at the start only
//   *                     anything (a rule's default)
//   anything else         text, with C escapes (\r \n \x00 ...)
// Text and hex are found anywhere in the bytes (like expect(1)); anchor
// them with a regex (/^PING/) or hex's ^.
//
// Regular expressions are std::regex on the raw bytes (one byte, one
// character; \xNN matches that byte). It needs no new dependency and its
// ECMAScript dialect is the one users know from JavaScript and Python. Its
// matcher recurses per character, so a pattern is at most kMaxPattern bytes
// and is run on at most kMaxRegexSubject bytes (the last ones received);
// a match that still runs out of resources counts as no match.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/result.hpp"

namespace tcpc {

inline constexpr std::size_t kMaxPattern = 1024;
inline constexpr std::size_t kMaxRegexSubject = 16 * 1024;

struct Pattern {
  enum class Kind : unsigned char { text, hex, regex, any };
  Kind kind = Kind::text;
  std::string source;     // as written: for messages ("expected /^\+PONG/")
  std::string bytes;      // text and hex: the bytes looked for
  std::string wild;       // hex: 1 where the byte is ??, else 0 (same size as bytes)
  bool anchored = false;  // hex:^...
  std::shared_ptr<const std::regex> regex;
  std::size_t groups = 0;  // regex: the number of capture groups
};

// Errors are errc::invalid_argument with one line naming what is wrong and
// where (1-based column within `text`).
Result<Pattern> parse_pattern(std::string_view text);

struct Match {
  std::size_t begin = 0;  // in the bytes searched
  std::size_t end = 0;    // one past the match
  // [0] the whole match, [1..] the regex's groups (empty if one took no part).
  std::vector<std::string> captures;
};

// The first (leftmost) match in `bytes`, if any.
std::optional<Match> find_match(const Pattern& pattern, std::string_view bytes);

// For a regex written inline among other words: the length of /.../flags
// at the start of `text` (0 if it does not start with '/' or is not closed).
std::size_t regex_literal_length(std::string_view text);

}  // namespace tcpc
