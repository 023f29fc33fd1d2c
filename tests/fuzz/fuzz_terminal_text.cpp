// SPDX-License-Identifier: MIT
// escape_for_terminal of any bytes is valid UTF-8 with no control a terminal
// would act on (only '\n' and '\t' of C0, no DEL, no C1, no bidi overrides);
// printable text passes unchanged; cutting the input anywhere into two
// chunks gives the same display, except for a "\r" ending the first chunk.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "tcpc/terminal_text.hpp"

namespace {

// Decodes UTF-8 strictly; false on any invalid sequence or a forbidden code.
bool safe_for_terminal(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) {
      if ((lead < 0x20 && lead != '\n' && lead != '\t') || lead == 0x7f) return false;
      ++i;
      continue;
    }
    const std::size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
    if (length == 0 || lead > 0xf4 || i + length > s.size()) return false;
    char32_t code = lead & (0x7f >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    const char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      return false;
    if ((code >= 0x80 && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) ||
        (code >= 0x2066 && code <= 0x2069))
      return false;
    i += length;
  }
  return true;
}

bool printable_ascii(std::string_view s) {
  for (char c : s) {
    if (c != '\n' && c != '\t' && (c < 0x20 || c > 0x7e)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string whole = tcpc::escape_for_terminal(bytes);
  FUZZ_CHECK(safe_for_terminal(whole));
  if (printable_ascii(bytes)) FUZZ_CHECK(whole == bytes);

  const std::size_t cut = size == 0 ? 0 : data[0] % (size + 1);
  if (cut == 0 || bytes[cut - 1] != '\r') {
    tcpc::TerminalEscaper escaper;
    std::string pieces;
    escaper.feed(bytes.substr(0, cut), pieces);
    escaper.feed(bytes.substr(cut), pieces);
    escaper.finish(pieces);
    FUZZ_CHECK(pieces == whole);
  }
  return 0;
}
