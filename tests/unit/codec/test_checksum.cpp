// SPDX-License-Identifier: MIT
#include "tcpc/checksum.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tcpc/hex.hpp"

using tcpc::ChecksumSpec;

namespace {

std::vector<ChecksumSpec> specs_of(std::string_view text) {
  auto specs = tcpc::parse_checksum_specs(text);
  EXPECT_TRUE(specs) << text << ": " << specs.error().message();
  return specs ? *specs : std::vector<ChecksumSpec>{};
}

// The bytes `text` appends to "123456789", as hex without separators.
std::string check_hex(std::string_view text) {
  const auto specs = specs_of(text);
  const std::string framed = tcpc::append_checksums(specs, tcpc::kChecksumCheckInput);
  return tcpc::format_hex(framed.substr(tcpc::kChecksumCheckInput.size()), '\0');
}

std::string error_of(std::string_view text) {
  auto specs = tcpc::parse_checksum_specs(text);
  EXPECT_FALSE(specs) << text;
  return specs ? std::string() : specs.error().message();
}

std::string bytes(std::string_view hex) {
  return tcpc::parse_hex(hex).value();
}

}  // namespace

// The catalogue's "check" for each named SPEC, in its default byte order.
TEST(Checksum, NamedCheckValues) {
  EXPECT_EQ(check_hex("crc16-modbus"), "374b");  // 0x4b37, low byte first
  EXPECT_EQ(check_hex("crc16-ccitt"), "29b1");
  EXPECT_EQ(check_hex("crc16-xmodem"), "31c3");
  EXPECT_EQ(check_hex("crc8"), "f4");
  EXPECT_EQ(check_hex("crc32"), "cbf43926");
  EXPECT_EQ(check_hex("sum8"), "dd");
  EXPECT_EQ(check_hex("xor8"), "31");
  EXPECT_EQ(check_hex("lrc"), "23");
  EXPECT_EQ(check_hex("hex:0d0a"), "0d0a");
}

TEST(Checksum, CustomCheckValues) {
  // CRC-16/MODBUS spelled out gives what the name gives.
  EXPECT_EQ(check_hex("crc:width=16,poly=0x8005,init=0xffff,refin=1,refout=1,xorout=0:le"), "374b");
  EXPECT_EQ(check_hex("crc:width=16,poly=0x8005,refin=1"), "bb3d");                  // CRC-16/ARC
  EXPECT_EQ(check_hex("crc:width=32,poly=0x04c11db7,init=0xffffffff"), "0376e6e7");  // MPEG-2
  EXPECT_EQ(check_hex("crc:width=8,poly=0x31,refin=1,refout=1"), "a1");  // CRC-8/MAXIM-DOW
  EXPECT_EQ(check_hex("crc:width=5,poly=0x05,init=0x1f,refin=1,refout=1,xorout=0x1f"),
            "19");                                                                   // CRC-5/USB
  EXPECT_EQ(check_hex("crc:width=3,poly=3,xorout=7"), "04");                         // CRC-3/GSM
  EXPECT_EQ(check_hex("crc:width=24,poly=0x864cfb,init=0xb704ce"), "21cf02");        // OPENPGP
  EXPECT_EQ(check_hex("crc:width=64,poly=0x42f0e1eba9ea3693"), "6c40df5f0b497347");  // ECMA-182
  EXPECT_EQ(check_hex("crc:width=64,poly=0x42f0e1eba9ea3693,init=0xffffffffffffffff,refin=1,"
                      "xorout=0xffffffffffffffff"),
            "995dc9bbdf1939fa");  // CRC-64/XZ
}

TEST(Checksum, ModbusRequest) {
  const auto specs = specs_of("crc16-modbus");
  EXPECT_EQ(tcpc::format_hex(tcpc::append_checksums(specs, bytes("01 03 00 00 00 0a"))),
            "01 03 00 00 00 0a c5 cd");
  EXPECT_EQ(tcpc::checksum_value(specs[0], bytes("01 03 00 00 00 0a")), 0xcdc5u);
}

TEST(Checksum, ByteOrderSuffixes) {
  EXPECT_EQ(check_hex("crc16-modbus:be"), "4b37");
  EXPECT_EQ(check_hex("crc16-ccitt:le"), "b129");
  EXPECT_EQ(check_hex("crc32:le"), "2639f4cb");
  EXPECT_EQ(check_hex("crc32:be"), "cbf43926");
  EXPECT_EQ(check_hex("crc8:le"), "f4");
}

TEST(Checksum, StartOffset) {
  // "@1" skips the first byte: sum of "23456789".
  EXPECT_EQ(check_hex("sum8@1"), "ac");  // 0xdd - 0x31
  EXPECT_EQ(check_hex("crc16-modbus@0"), "374b");
  // Both suffixes, either order.
  EXPECT_EQ(check_hex("crc16-xmodem@2:le"), check_hex("crc16-xmodem:le@2"));
  // STX, then "123456789": @1 gives the catalogue's check.
  const auto specs = specs_of("crc16-ccitt@1");
  EXPECT_EQ(tcpc::checksum_value(specs[0],
                                 "\x02"
                                 "123456789"),
            0x29b1u);
  // Data shorter than N: the sum of no bytes.
  EXPECT_EQ(tcpc::checksum_value(specs_of("sum8@5")[0], "abc"), 0u);
}

TEST(Checksum, ListAppliesInOrder) {
  // sum8 covers the data; xor8 covers the data and the sum; the tail comes last.
  const auto specs = specs_of("sum8,xor8,hex:0d0a");
  ASSERT_EQ(specs.size(), 3u);
  EXPECT_EQ(tcpc::format_hex(tcpc::append_checksums(specs, bytes("01 02"))),
            "01 02 03 00 0d 0a");  // 01^02^03 = 00
  // A custom CRC's own commas stay with it.
  const auto mixed = specs_of("crc:width=8,poly=7,init=0,crc16-modbus");
  ASSERT_EQ(mixed.size(), 2u);
  EXPECT_EQ(mixed[0].crc.width, 8u);
  EXPECT_EQ(mixed[1].name, "crc16-modbus");
}

TEST(Checksum, TextRoundTrips) {
  for (std::string_view text :
       {"crc16-modbus", "crc16-modbus:be@3", "sum8@1", "crc32:le", "hex:0d0a", "lrc", "xor8",
        "crc:width=16,poly=0x8005,init=0xffff,refin=1,refout=1,xorout=0x0:le@2"}) {
    auto spec = tcpc::parse_checksum_spec(text);
    ASSERT_TRUE(spec) << text;
    const std::string again = tcpc::checksum_spec_text(*spec);
    EXPECT_EQ(tcpc::parse_checksum_spec(again).value(), *spec) << text << " -> " << again;
  }
  EXPECT_EQ(tcpc::checksum_specs_text(specs_of("crc16-modbus:le,hex:0D 0A")),
            "crc16-modbus,hex:0d0a");
}

TEST(Checksum, VerifiesTrailingChecksum) {
  const auto specs = specs_of("crc16-modbus");
  const auto good = tcpc::check_checksums(specs, bytes("01 03 00 00 00 0a c5 cd"));
  EXPECT_TRUE(good.ok);
  EXPECT_EQ(good.expected, bytes("c5 cd"));
  const auto bad = tcpc::check_checksums(specs, bytes("01 03 00 00 00 0a cd c5"));
  EXPECT_FALSE(bad.ok);
  EXPECT_FALSE(bad.too_short);
  EXPECT_EQ(bad.expected, bytes("c5 cd"));
  EXPECT_EQ(bad.found, bytes("cd c5"));
  const auto shorter = tcpc::check_checksums(specs, bytes("c5 cd"));
  EXPECT_FALSE(shorter.ok);
  EXPECT_TRUE(shorter.too_short);
  // A list: the CRC and the CRLF after it are both checked.
  const auto list = specs_of("crc16-modbus,hex:0d0a");
  EXPECT_TRUE(tcpc::check_checksums(list, bytes("01 03 00 00 00 0a c5 cd 0d 0a")).ok);
  EXPECT_FALSE(tcpc::check_checksums(list, bytes("01 03 00 00 00 0a c5 cd 0a")).ok);
}

TEST(Checksum, ParseErrorsSayWhat) {
  const std::string unknown = error_of("crc16-foo");
  EXPECT_NE(unknown.find("unknown SPEC 'crc16-foo'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("crc16-modbus"), std::string::npos) << unknown;
  EXPECT_NE(error_of("").find("empty SPEC"), std::string::npos);
  EXPECT_NE(error_of("sum8,").find("empty SPEC"), std::string::npos);
  EXPECT_NE(error_of("hex:0g").find("hex"), std::string::npos);
  EXPECT_NE(error_of("hex:").find("1 to 64 bytes"), std::string::npos);
  EXPECT_NE(error_of("sum8@x").find("@N"), std::string::npos);
  EXPECT_NE(error_of("sum8@99999").find("@N"), std::string::npos);
  EXPECT_NE(error_of("crc8:le:be").find("twice"), std::string::npos);
  EXPECT_NE(error_of("crc:poly=7").find("width= and poly="), std::string::npos);
  EXPECT_NE(error_of("crc:width=0,poly=7").find("1 to 64"), std::string::npos);
  EXPECT_NE(error_of("crc:width=65,poly=7").find("1 to 64"), std::string::npos);
  EXPECT_NE(error_of("crc:width=8,poly=0x107").find("does not fit"), std::string::npos);
  EXPECT_NE(error_of("crc:width=8,poly=6").find("even"), std::string::npos);
  EXPECT_NE(error_of("crc:width=8,poly=7,refin=2").find("0 or 1"), std::string::npos);
  EXPECT_NE(error_of("crc:width=8,poly=7,size=2").find("KEY=VALUE"), std::string::npos);
  EXPECT_NE(error_of("crc:width=8,poly=7,width=8").find("twice"), std::string::npos);
  // check= catches a mistyped parameter.
  EXPECT_TRUE(tcpc::parse_checksum_spec("crc:width=8,poly=7,check=0xf4"));
  EXPECT_NE(error_of("crc:width=8,poly=7,check=0xf5").find("check=0xf4"), std::string::npos);
}
