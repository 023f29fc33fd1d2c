// SPDX-License-Identifier: MIT
// The hex view of received and sent bytes: offset, hex and ASCII columns,
// like xxd and hexdump -C, so a NUL or a stray \r is as visible as a letter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tcpc {

struct HexDumpOptions {
  std::size_t bytes_per_line = 16;  // at least 1
  std::uint64_t first_offset = 0;   // offset printed for the first byte
};

// Appends one line per bytes_per_line bytes to `out`:
//   00000000: 48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 0a           |Hello, world.|
// Offsets are 8 lowercase hex digits (more once they outgrow them), a wider
// gap splits the hex column in half, and the last line's hex column is padded
// so the ASCII columns line up. Bytes outside printable ASCII show as '.'.
// Nothing is appended for empty input.
void append_hexdump(std::string_view bytes, std::string& out, const HexDumpOptions& options = {});

std::string hexdump(std::string_view bytes, const HexDumpOptions& options = {});

}  // namespace tcpc
