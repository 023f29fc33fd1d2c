// SPDX-License-Identifier: MIT
#include "tcpc/hexdump.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace tcpc {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

bool printable(unsigned char byte) noexcept {
  return byte >= 0x20 && byte < 0x7f;
}

}  // namespace

void append_hexdump(std::string_view bytes, std::string& out, const HexDumpOptions& options) {
  const std::size_t width = std::max<std::size_t>(options.bytes_per_line, 1);
  const std::size_t half = (width + 1) / 2;
  for (std::size_t start = 0; start < bytes.size(); start += width) {
    const std::string_view line = bytes.substr(start, width);
    fmt::format_to(std::back_inserter(out), "{:08x}:", options.first_offset + start);
    for (std::size_t i = 0; i < width; ++i) {
      if (i == half) out += ' ';
      if (i < line.size()) {
        const auto byte = static_cast<unsigned char>(line[i]);
        out += ' ';
        out += kDigits[byte >> 4];
        out += kDigits[byte & 0xf];
      } else {
        out.append(3, ' ');
      }
    }
    out += "  |";
    for (char c : line)
      out += printable(static_cast<unsigned char>(c)) ? c : '.';
    out += "|\n";
  }
}

std::string hexdump(std::string_view bytes, const HexDumpOptions& options) {
  std::string out;
  append_hexdump(bytes, out, options);
  return out;
}

}  // namespace tcpc
