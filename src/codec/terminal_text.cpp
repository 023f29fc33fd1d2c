// SPDX-License-Identifier: MIT
#include "tcpc/terminal_text.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <iterator>

namespace tcpc {
namespace {

// The length of the valid UTF-8 sequence at the start of `s`, 0 when its
// first byte cannot start one, or kIncomplete when `s` ends inside a
// sequence that is valid so far.
constexpr std::size_t kIncomplete = static_cast<std::size_t>(-1);

std::size_t utf8_length(std::string_view s, char32_t& code) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xbf;  // the allowed range of the second byte
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
    code = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    code = lead & 0x0f;
    if (lead == 0xe0) low = 0xa0;   // no overlongs
    if (lead == 0xed) high = 0x9f;  // no surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    code = lead & 0x07;
    if (lead == 0xf0) low = 0x90;   // no overlongs
    if (lead == 0xf4) high = 0x8f;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if (i >= s.size()) return kIncomplete;
    const unsigned char next = byte(i);
    if (next < (i == 1 ? low : 0x80) || next > (i == 1 ? high : 0xbf)) return 0;
    code = (code << 6) | (next & 0x3f);
  }
  return length;
}

// Characters a terminal would act on, or that reorder the text around them.
bool hidden_control(char32_t code) {
  return (code >= 0x80 && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) ||
         (code >= 0x2066 && code <= 0x2069);
}

void append_ascii(unsigned char byte, bool line_end_follows, std::string& out) {
  if (byte == '\n' || byte == '\t' || (byte >= 0x20 && byte < 0x7f)) {
    out += static_cast<char>(byte);
  } else if (byte == '\r' && line_end_follows) {
    // "\r\n": the line end of text protocols, shown as the line end.
  } else {
    out += '^';
    out += static_cast<char>(byte ^ 0x40);  // ^@ .. ^_, and ^? for DEL
  }
}

void append_byte_escape(unsigned char byte, std::string& out) {
  fmt::format_to(std::back_inserter(out), "\\x{:02x}", byte);
}

// Escapes `s`; returns how many bytes at its end form an incomplete
// character (not consumed), which only `hold_tail` allows.
std::size_t escape(std::string_view s, bool hold_tail, std::string& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80) {
      append_ascii(byte, i + 1 < s.size() && s[i + 1] == '\n', out);
      ++i;
      continue;
    }
    char32_t code = 0;
    const std::size_t length = utf8_length(s.substr(i), code);
    if (length == kIncomplete && hold_tail) return s.size() - i;
    if (length == 0 || length == kIncomplete) {
      append_byte_escape(byte, out);  // and go on at the next byte
      ++i;
    } else if (hidden_control(code)) {
      fmt::format_to(std::back_inserter(out), "<U+{:04X}>", static_cast<std::uint32_t>(code));
      i += length;
    } else {
      out.append(s.substr(i, length));
      i += length;
    }
  }
  return 0;
}

}  // namespace

void TerminalEscaper::feed(std::string_view bytes, std::string& out) {
  if (held_.empty()) {
    const std::size_t kept = escape(bytes, true, out);
    held_.assign(bytes.substr(bytes.size() - kept));
    return;
  }
  std::string joined = std::move(held_);
  joined.append(bytes);
  const std::size_t kept = escape(joined, true, out);
  held_ = joined.substr(joined.size() - kept);
}

void TerminalEscaper::finish(std::string& out) {
  escape(held_, false, out);
  held_.clear();
}

std::string escape_for_terminal(std::string_view bytes) {
  std::string out;
  TerminalEscaper escaper;
  escaper.feed(bytes, out);
  escaper.finish(out);
  return out;
}

}  // namespace tcpc
