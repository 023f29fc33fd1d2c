// SPDX-License-Identifier: MIT
// Macros in sent data: a template such as "ID {seq} AT {time}\r\n" is
// parsed once (errors before any connection) and expanded for each send.
//   {seq}            1, 2, 3, ... : the number of this send (decimal)
//   {time}           the UTC time of the send, ISO 8601 with milliseconds:
//                    2026-12-07T23:21:55.123Z
//   {random:N}       N random decimal digits (1-4096), for IDs in text protocols
//   {randbytes:N}    N random bytes (1-4096), for binary ones
//   {capture NAME}   a value captured earlier (a script's `capture`; in a
//                    reply rule, NAME is a group number of its /regex/: 0 is
//                    the whole match, 1 the first group)
//   {{               a literal {
// A { that does not start one of these is itself (JSON goes out as typed),
// except { followed by a lowercase word and }, which is an unknown macro
// (a typo such as {sqe} fails rather than being sent).
// Between macros, text templates take C escapes (\r\n), hex templates hex.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/result.hpp"

namespace tcpc {

inline constexpr std::size_t kMaxRandomMacro = 4096;

struct MacroTemplate {
  struct Part {
    enum class Kind : unsigned char { literal, seq, time, random_digits, random_bytes, capture };
    Kind kind = Kind::literal;
    std::string text;       // literal: the bytes; capture: the name
    std::size_t count = 0;  // random_*: how many
    bool operator==(const Part&) const = default;
  };
  std::vector<Part> parts;
  bool has_macros() const;
  // The capture names used, in order (a script checks they were captured before).
  std::vector<std::string> captures() const;
  bool operator==(const MacroTemplate&) const = default;
};

enum class TemplateSyntax : unsigned char { text, hex };

// Errors are errc::invalid_argument naming the 1-based column.
Result<MacroTemplate> parse_template(std::string_view text,
                                     TemplateSyntax syntax = TemplateSyntax::text);

// What one expansion may use.
struct MacroContext {
  std::uint64_t seq = 1;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  // Random numbers; empty: a generator seeded from std::random_device.
  std::function<std::uint32_t()> random;
  const std::map<std::string, std::string>* captures = nullptr;
};

// Fails (errc::invalid_argument) only for a capture that has no value.
Result<std::string> expand(const MacroTemplate& macros, const MacroContext& context);

// "2026-12-07T23:21:55.123Z".
std::string macro_time_text(std::chrono::system_clock::time_point time);

}  // namespace tcpc
