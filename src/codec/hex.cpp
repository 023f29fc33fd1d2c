// SPDX-License-Identifier: MIT
#include "tcpc/hex.hpp"

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

bool is_separator(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':' || c == '-';
}

// 'g' for printable ASCII, '\x01' for anything else.
std::string quoted(char c) {
  auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("'\\x{:02x}'", byte);
}

// index is 0-based; messages use 1-based positions.
Error bad_hex(std::size_t index, std::string detail) {
  return Error(errc::invalid_hex, Operation::parse_hex, std::to_string(index + 1),
               std::move(detail));
}

}  // namespace

Result<std::string> parse_hex(std::string_view text) {
  std::string bytes;
  bytes.reserve(text.size() / 2);
  bool token_start = true;  // at the beginning or right after a separator
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (is_separator(c)) {
      token_start = true;
      ++i;
      continue;
    }
    if (token_start && c == '0' && i + 1 < text.size() &&
        (text[i + 1] == 'x' || text[i + 1] == 'X')) {
      token_start = false;
      if (i + 2 >= text.size() || is_separator(text[i + 2])) {
        return bad_hex(i, "'0x' is not followed by hex digits");
      }
      i += 2;
      continue;
    }
    token_start = false;
    int high = hex_value(c);
    if (high < 0) return bad_hex(i, quoted(c) + " is not a hex digit");
    if (i + 1 >= text.size() || is_separator(text[i + 1])) {
      return bad_hex(i, "incomplete byte " + quoted(c) + ", a byte needs two hex digits");
    }
    int low = hex_value(text[i + 1]);
    if (low < 0) return bad_hex(i + 1, quoted(text[i + 1]) + " is not a hex digit");
    bytes.push_back(static_cast<char>(high << 4 | low));
    i += 2;
  }
  return bytes;
}

std::string format_hex(std::string_view bytes, char separator) {
  std::string text;
  if (bytes.empty()) return text;
  text.reserve(bytes.size() * (separator == '\0' ? 2 : 3));
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0 && separator != '\0') text.push_back(separator);
    auto byte = static_cast<unsigned char>(bytes[i]);
    text.push_back(kDigits[byte >> 4]);
    text.push_back(kDigits[byte & 0xf]);
  }
  return text;
}

}  // namespace tcpc
