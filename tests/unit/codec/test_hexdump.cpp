// SPDX-License-Identifier: MIT
#include "tcpc/hexdump.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace std::string_literals;

namespace {

TEST(HexDump, EmptyInputGivesNothing) {
  EXPECT_EQ(tcpc::hexdump(""), "");
}

TEST(HexDump, ShortLineIsPaddedSoAsciiLinesUp) {
  EXPECT_EQ(tcpc::hexdump("Hello, world.\n"),
            "00000000: 48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 2e 0a        |Hello, world..|\n");
}

TEST(HexDump, FullLinesAndOffsets) {
  const std::string bytes = "0123456789abcdefXYZ";
  EXPECT_EQ(tcpc::hexdump(bytes),
            "00000000: 30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n"
            "00000010: 58 59 5a                                          |XYZ|\n");
}

TEST(HexDump, NulAndControlBytesAreDotsInAsciiAndExactInHex) {
  const std::string bytes = "\x00\x01\x7f\x80\xff\r\n "s;
  EXPECT_EQ(tcpc::hexdump(bytes),
            "00000000: 00 01 7f 80 ff 0d 0a 20                           |....... |\n");
}

TEST(HexDump, AppendKeepsWhatIsThereAndHonoursOptions) {
  std::string out = "head\n";
  tcpc::HexDumpOptions options;
  options.bytes_per_line = 4;
  options.first_offset = 0x100;
  tcpc::append_hexdump("abcdef", out, options);
  EXPECT_EQ(out,
            "head\n"
            "00000100: 61 62  63 64  |abcd|\n"
            "00000104: 65 66         |ef|\n");
}

TEST(HexDump, EveryByteValueRoundTripsThroughTheHexColumn) {
  std::string bytes;
  for (int i = 0; i < 256; ++i)
    bytes += static_cast<char>(i);
  const std::string dump = tcpc::hexdump(bytes);
  // 16 lines, and byte i sits at its column on line i / 16.
  std::size_t lines = 0;
  for (char c : dump)
    lines += c == '\n';
  EXPECT_EQ(lines, 16u);
  const std::size_t line_length = dump.find('\n') + 1;
  for (int i = 0; i < 256; ++i) {
    const std::size_t column = 10 + (i % 16) * 3 + (i % 16 >= 8 ? 1 : 0);
    const std::string hex = dump.substr((i / 16) * line_length + column, 2);
    EXPECT_EQ(std::stoi(hex, nullptr, 16), i) << "byte " << i;
  }
}

}  // namespace
