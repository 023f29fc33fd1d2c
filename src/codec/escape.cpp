// SPDX-License-Identifier: MIT
#include "tcpc/escape.hpp"

#include <fmt/format.h>

namespace tcpc {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_octal(char c) noexcept {
  return c >= '0' && c <= '7';
}

bool is_printable(char c) noexcept {
  auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7f;
}

// The byte a one-letter escape stands for, or -1.
int simple_escape(char c) noexcept {
  switch (c) {
    case 'r':
      return '\r';
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case 'e':
      return 0x1b;
    case '\\':
      return '\\';
    case '"':
      return '"';
    case '\'':
      return '\'';
    default:
      return -1;
  }
}

// index is the 0-based index of the backslash; messages use 1-based positions.
Error bad_escape(std::size_t index, std::string detail) {
  return Error(errc::invalid_escape, Operation::parse_escape, std::to_string(index + 1),
               std::move(detail));
}

}  // namespace

Result<std::string> parse_escapes(std::string_view text) {
  std::string bytes;
  bytes.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c != '\\') {
      bytes.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= text.size()) return bad_escape(i, "trailing backslash");
    char kind = text[i + 1];
    if (int value = simple_escape(kind); value >= 0) {
      bytes.push_back(static_cast<char>(value));
      i += 2;
    } else if (kind == 'x') {
      int high = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      int low = i + 3 < text.size() ? hex_value(text[i + 3]) : -1;
      if (high < 0 || low < 0) return bad_escape(i, "\\x must be followed by two hex digits");
      bytes.push_back(static_cast<char>(high << 4 | low));
      i += 4;
    } else if (is_octal(kind)) {
      std::size_t end = i + 1;
      int value = 0;
      while (end < text.size() && end < i + 4 && is_octal(text[end])) {
        value = value * 8 + (text[end] - '0');
        ++end;
      }
      if (value > 0xff) {
        return bad_escape(i, fmt::format("octal escape '{}' is out of range (max \\377)",
                                         text.substr(i, end - i)));
      }
      bytes.push_back(static_cast<char>(value));
      i = end;
    } else if (is_printable(kind)) {
      return bad_escape(i, fmt::format("unknown escape '\\{}'", kind));
    } else {
      return bad_escape(i, fmt::format("unknown escape: backslash followed by byte \\x{:02x}",
                                       static_cast<unsigned char>(kind)));
    }
  }
  return bytes;
}

std::string format_escapes(std::string_view bytes) {
  std::string text;
  text.reserve(bytes.size());
  for (char c : bytes) {
    switch (c) {
      case '\r':
        text += "\\r";
        continue;
      case '\n':
        text += "\\n";
        continue;
      case '\t':
        text += "\\t";
        continue;
      case '\\':
        text += "\\\\";
        continue;
      default:
        break;
    }
    if (is_printable(c)) {
      text.push_back(c);
    } else {
      auto byte = static_cast<unsigned char>(c);
      text += "\\x";
      text.push_back(kDigits[byte >> 4]);
      text.push_back(kDigits[byte & 0xf]);
    }
  }
  return text;
}

}  // namespace tcpc
