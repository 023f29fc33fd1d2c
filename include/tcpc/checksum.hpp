// SPDX-License-Identifier: MIT
// Checksums appended to what is sent, and checked on what is received. The
// GUI assistants device engineers use can all do this; a netcat cannot.
// A ChecksumSpec is parsed from text (docs/protocols.md has every form with
// its check value):
//   crc16-modbus   CRC-16/MODBUS, sent low byte first (as Modbus RTU does)
//   crc16-ccitt    CRC-16/CCITT-FALSE (the catalogue's CRC-16/IBM-3740)
//   crc16-xmodem   CRC-16/XMODEM
//   crc8           CRC-8 (the catalogue's CRC-8/SMBUS)
//   crc32          CRC-32 (the catalogue's CRC-32/ISO-HDLC: zip, Ethernet)
//   sum8           the sum of the bytes, modulo 256
//   xor8           the XOR of the bytes (BCC)
//   lrc            Modbus ASCII's LRC: the two's complement of sum8
//   hex:0d0a       a fixed tail, whatever the bytes before it
//   crc:width=16,poly=0x8005,init=0xffff,refin=1,refout=1,xorout=0
//                  any CRC in the terms of the CRC catalogue (Rocksoft
//                  model): width 1..64, poly, init (0), refin (0), refout
//                  (as refin), xorout (0); check=0x... is compared with the
//                  CRC of "123456789", to catch a mistyped parameter.
// A suffix changes where the sum starts or how the value is sent:
//   :le / :be      low byte first / high byte first. Only crc16-modbus is
//                  low byte first unless told; a custom CRC is high first.
//   @N             the sum covers the bytes from N (0-based) on: @1 skips
//                  a leading STX. Shorter data gives the sum of no bytes.
// Several specs, "crc16-modbus,hex:0d0a", are applied in order: each one
// covers everything before it, earlier appends included.
// Pure code: byte spans in, bytes out, no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/result.hpp"

namespace tcpc {

// A CRC in the catalogue's terms (https://reveng.sourceforge.io/crc-catalogue/).
struct CrcParams {
  unsigned width = 16;  // 1..64 bits
  std::uint64_t poly = 0;
  std::uint64_t init = 0;
  bool refin = false;
  bool refout = false;
  std::uint64_t xorout = 0;
  bool operator==(const CrcParams&) const = default;
};

struct ChecksumSpec {
  enum class Kind : std::uint8_t { crc, sum8, xor8, lrc, fixed };
  Kind kind = Kind::crc;
  std::string name;  // "crc16-modbus", "crc" for a custom CRC, "hex" for a fixed tail
  CrcParams crc;     // crc
  std::string tail;  // fixed: the bytes
  bool big_endian = true;
  std::size_t start = 0;  // @N
  bool operator==(const ChecksumSpec&) const = default;

  // How many bytes the checksum (or the tail) adds.
  std::size_t size() const noexcept;
};

// The longest fixed tail and the largest @N.
inline constexpr std::size_t kMaxChecksumTail = 64;
inline constexpr std::size_t kMaxChecksumStart = 65535;
inline constexpr std::size_t kMaxChecksumSpecs = 16;

// The catalogue's check input: the CRC of these nine bytes is its "check".
inline constexpr std::string_view kChecksumCheckInput = "123456789";

// "crc16-modbus", "sum8@1:le", "crc:width=8,poly=7" (see above). Errors are
// errc::invalid_argument with one line that names what is wrong; an unknown
// name lists the known ones.
Result<ChecksumSpec> parse_checksum_spec(std::string_view text);
// "SPEC[,SPEC...]": a custom CRC's own commas are its parameters.
Result<std::vector<ChecksumSpec>> parse_checksum_specs(std::string_view text);
// The spec as parse_checksum_spec() reads it back.
std::string checksum_spec_text(const ChecksumSpec& spec);
std::string checksum_specs_text(const std::vector<ChecksumSpec>& specs);

// The CRC register after `bytes`, refout and xorout applied.
std::uint64_t crc_value(const CrcParams& params, std::string_view bytes) noexcept;
// The checksum of `data` (from spec.start on) as a number; a fixed tail has none (0).
std::uint64_t checksum_value(const ChecksumSpec& spec, std::string_view data) noexcept;
// The bytes the spec appends to `data`, in its byte order.
std::string checksum_bytes(const ChecksumSpec& spec, std::string_view data);
// `data` with every spec's bytes appended, in order.
std::string append_checksums(const std::vector<ChecksumSpec>& specs, std::string_view data);

// Whether a received frame ends with the right checksums: the frame minus
// the bytes the specs add, with the specs appended again, is the frame.
struct ChecksumCheck {
  bool ok = false;
  bool too_short = false;  // the frame is not longer than what the specs add
  std::string expected;    // the tail the body asks for (empty when too short)
  std::string found;       // the frame's tail
};
ChecksumCheck check_checksums(const std::vector<ChecksumSpec>& specs, std::string_view frame);

}  // namespace tcpc
