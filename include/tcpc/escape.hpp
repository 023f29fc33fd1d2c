// SPDX-License-Identifier: MIT
// C-style escapes: "GET / HTTP/1.0\r\n\r\n" typed on a command line.
#pragma once

#include <string>
#include <string_view>

#include "tcpc/result.hpp"

namespace tcpc {

// Understands \r \n \t \0 \a \b \f \v \e \\ \" \' \xNN (exactly two hex
// digits) and \NNN (1-3 octal digits, at most \377). Anything else after a
// backslash, or a trailing backslash, fails with errc::invalid_escape naming
// the 1-based position of the backslash.
Result<std::string> parse_escapes(std::string_view text);

// The reverse for display: printable ASCII as is, \r \n \t \\ named,
// every other byte as \xNN. parse_escapes(format_escapes(b)) == b.
std::string format_escapes(std::string_view bytes);

}  // namespace tcpc
