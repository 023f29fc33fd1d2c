// SPDX-License-Identifier: MIT
// Scripted exchanges: a small line-based language that sends, waits for
// what should come back and checks it, like expect(1) with nc (see
// docs/scripts.md). One step per line; # starts a comment line.
//   send TEXT                 the rest of the line, C escapes and macros
//   send "TEXT" [append SPEC]...   quoted; clauses may follow
//   send hex 01 03 00 00 [append SPEC]...
//   expect TEXT               the rest of the line, found anywhere in what arrives
//   expect "TEXT"|hex:..|/REGEX/ [within MS] [capture NAME...]
//   sleep MS                  MS: 250, 250ms or 2s
//   timeout MS                expect's time limit from here on (default 5s)
//   print TEXT                shows TEXT (macros: {capture NAME})
//   repeat N                  the lines up to `end`, N times
//   repeat until PATTERN [max N]   the lines up to `end` until PATTERN has
//                             arrived (checked after each round; at most N
//                             rounds, default 10)
//   end
// capture NAME... stores the regex's groups (or, with none, the whole
// match) for {capture NAME} in later lines. The parser is pure: text in,
// steps or one error with its line and column out.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/macro.hpp"
#include "tcpc/pattern.hpp"
#include "tcpc/result.hpp"

namespace tcpc {

inline constexpr std::chrono::milliseconds kDefaultExpectTimeout{5000};
inline constexpr std::chrono::milliseconds kMaxScriptDuration{86'400'000};  // a day
inline constexpr std::uint64_t kDefaultRepeatUntil = 10;
inline constexpr std::uint64_t kMaxRepeat = 1'000'000;
inline constexpr std::size_t kMaxScriptDepth = 16;  // nested repeats

struct ScriptStep {
  enum class Kind : unsigned char { send, expect, sleep, timeout, print, repeat };
  Kind kind = Kind::send;
  std::size_t line = 0;  // 1-based
  std::string text;      // the line as written, trimmed
  // send and print
  MacroTemplate data;
  std::vector<std::string> append;  // send: checksum SPECs, in order
  // expect; repeat until
  std::optional<Pattern> pattern;
  std::optional<std::chrono::milliseconds> within;
  std::vector<std::string> captures;
  // sleep and timeout
  std::chrono::milliseconds duration{0};
  // repeat: N rounds, or at most N rounds until `pattern`
  std::uint64_t count = 0;
  std::vector<ScriptStep> body;
};

struct Script {
  std::vector<ScriptStep> steps;
};

// Errors are errc::invalid_argument whose detail is "LINE:COLUMN: message"
// (a program puts the file name in front).
Result<Script> parse_script(std::string_view text);

}  // namespace tcpc
