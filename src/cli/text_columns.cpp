// SPDX-License-Identifier: MIT
#include "text_columns.hpp"

#include <algorithm>
#include <iterator>
#include <optional>

namespace tcpc::cli {
namespace {

// The code point of UTF-8 `text` at `i`, advancing `i` past it; nullopt
// (and one byte) for an invalid sequence.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i++]);
  if (lead < 0x80) return lead;
  const std::size_t length = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc2 ? 1 : 0;
  if (length == 0 || lead > 0xf4 || i + length > text.size()) return std::nullopt;
  char32_t code = lead & (0x3f >> length);
  for (std::size_t k = 0; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xc0) != 0x80) return std::nullopt;
    code = (code << 6) | (next & 0x3f);
  }
  i += length;
  return code;
}

// Unicode's East Asian Width W and F, in short: Hangul Jamo, CJK
// punctuation, kana, ideographs, Hangul syllables, fullwidth forms, emoji.
bool is_wide(char32_t c) {
  struct Range {
    char32_t first, last;
  };
  static constexpr Range kWide[] = {
      {0x1100, 0x115f},   {0x2e80, 0x303e},   {0x3041, 0x33ff}, {0x3400, 0x4dbf},
      {0x4e00, 0x9fff},   {0xa000, 0xa4cf},   {0xac00, 0xd7a3}, {0xf900, 0xfaff},
      {0xfe30, 0xfe4f},   {0xff00, 0xff60},   {0xffe0, 0xffe6}, {0x1f300, 0x1f64f},
      {0x1f900, 0x1f9ff}, {0x20000, 0x3fffd},
  };
  return std::any_of(std::begin(kWide), std::end(kWide),
                     [c](const Range& range) { return c >= range.first && c <= range.last; });
}

// Combining diacritics, zero-width spaces and joiners, the emoji selector.
bool is_zero_width(char32_t c) {
  return (c >= 0x0300 && c <= 0x036f) || (c >= 0x200b && c <= 0x200f) || c == 0xfe0f;
}

}  // namespace

std::size_t text_columns(std::string_view utf8) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::optional<char32_t> c = next_code_point(utf8, i);
    if (!c) {
      ++columns;
    } else if (!is_zero_width(*c)) {
      columns += is_wide(*c) ? 2 : 1;
    }
  }
  return columns;
}

std::string pad_right(std::string_view text, std::size_t columns) {
  std::string out(text);
  out.append(columns - std::min(columns, text_columns(text)), ' ');
  return out;
}

std::string pad_left(std::string_view text, std::size_t columns) {
  std::string out(columns - std::min(columns, text_columns(text)), ' ');
  out += text;
  return out;
}

}  // namespace tcpc::cli
