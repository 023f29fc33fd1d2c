// SPDX-License-Identifier: MIT
// Lining up translated text on a terminal: how many columns UTF-8 text
// takes, whatever the locale (tcpc leaves LC_CTYPE at "C", so wcwidth() does
// not know CJK), and padding by that width (fmt's {:<N} counts code points,
// and a Chinese character takes two columns).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tcpc::cli {

// East Asian wide and fullwidth characters take two columns, combining marks
// none, anything else (an invalid byte too) one.
std::size_t text_columns(std::string_view utf8);

// `text` followed by spaces up to `columns` columns ({:<N} by display width).
std::string pad_right(std::string_view text, std::size_t columns);

// Spaces up to `columns` columns, then `text` ({:>N} by display width).
std::string pad_left(std::string_view text, std::size_t columns);

}  // namespace tcpc::cli
