// SPDX-License-Identifier: MIT
// Hex text <-> bytes. Bytes are carried in std::string (any value, NUL too).
#pragma once

#include <string>
#include <string_view>

#include "tcpc/result.hpp"

namespace tcpc {

// Parses "48 65 6c", "48656c", "0x48,0x65", "48:65:6C" (case-insensitive).
// Separators between bytes: spaces, tabs, newlines, ',', ':', '-'. A "0x"
// prefix may start each byte (at the start or after a separator). Empty input
// gives no bytes. Fails with errc::invalid_hex and a message that names the
// 1-based position of the first bad character, or of a lone digit:
//   "invalid hex at position 5: 'g' is not a hex digit".
Result<std::string> parse_hex(std::string_view text);

// "48 65 6c": two lowercase digits per byte, separated by `separator`
// (none when separator is '\0').
std::string format_hex(std::string_view bytes, char separator = ' ');

}  // namespace tcpc
