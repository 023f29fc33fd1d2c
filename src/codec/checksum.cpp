// SPDX-License-Identifier: MIT
// Computing checksums (checksum.hpp); parsing them is checksum_spec.cpp.
#include "tcpc/checksum.hpp"

#include <numeric>

namespace tcpc {
namespace {

std::uint64_t width_mask(unsigned width) noexcept {
  return width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
}

std::uint64_t reflect(std::uint64_t value, unsigned bits) noexcept {
  std::uint64_t out = 0;
  for (unsigned i = 0; i < bits; ++i) {
    out = (out << 1) | (value & 1);
    value >>= 1;
  }
  return out;
}

std::uint8_t byte_sum(std::string_view bytes) noexcept {
  return static_cast<std::uint8_t>(
      std::accumulate(bytes.begin(), bytes.end(), 0u,
                      [](unsigned sum, char c) { return sum + static_cast<unsigned char>(c); }));
}

}  // namespace

std::size_t ChecksumSpec::size() const noexcept {
  switch (kind) {
    case Kind::crc:
      return (crc.width + 7) / 8;
    case Kind::fixed:
      return tail.size();
    case Kind::sum8:
    case Kind::xor8:
    case Kind::lrc:
      break;
  }
  return 1;
}

// Bit by bit, most significant first, so that every width from 1 to 64
// takes the same path (a table would need width >= 8). Fast enough for
// messages: about 8 shifts a byte.
std::uint64_t crc_value(const CrcParams& params, std::string_view bytes) noexcept {
  const unsigned width = params.width == 0 ? 1 : (params.width > 64 ? 64 : params.width);
  const std::uint64_t mask = width_mask(width);
  const std::uint64_t top = std::uint64_t{1} << (width - 1);
  const std::uint64_t poly = params.poly & mask;
  std::uint64_t reg = params.init & mask;
  for (const char c : bytes) {
    std::uint64_t byte = static_cast<unsigned char>(c);
    if (params.refin) byte = reflect(byte, 8);
    for (int bit = 7; bit >= 0; --bit) {
      const bool feedback = ((reg & top) != 0) != (((byte >> bit) & 1) != 0);
      reg = (reg << 1) & mask;
      if (feedback) reg ^= poly;
    }
  }
  if (params.refout) reg = reflect(reg, width);
  return (reg ^ params.xorout) & mask;
}

std::uint64_t checksum_value(const ChecksumSpec& spec, std::string_view data) noexcept {
  const std::string_view covered =
      spec.start < data.size() ? data.substr(spec.start) : std::string_view();
  switch (spec.kind) {
    case ChecksumSpec::Kind::crc:
      return crc_value(spec.crc, covered);
    case ChecksumSpec::Kind::sum8:
      return byte_sum(covered);
    case ChecksumSpec::Kind::lrc:
      return static_cast<std::uint8_t>(-byte_sum(covered));
    case ChecksumSpec::Kind::xor8: {
      unsigned char value = 0;
      for (const char c : covered)
        value ^= static_cast<unsigned char>(c);
      return value;
    }
    case ChecksumSpec::Kind::fixed:
      break;
  }
  return 0;
}

std::string checksum_bytes(const ChecksumSpec& spec, std::string_view data) {
  if (spec.kind == ChecksumSpec::Kind::fixed) return spec.tail;
  const std::uint64_t value = checksum_value(spec, data);
  const std::size_t size = spec.size();
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    const auto byte = static_cast<char>((value >> (8 * i)) & 0xff);
    out[spec.big_endian ? size - 1 - i : i] = byte;
  }
  return out;
}

std::string append_checksums(const std::vector<ChecksumSpec>& specs, std::string_view data) {
  std::string out(data);
  for (const ChecksumSpec& spec : specs)
    out += checksum_bytes(spec, out);
  return out;
}

ChecksumCheck check_checksums(const std::vector<ChecksumSpec>& specs, std::string_view frame) {
  std::size_t added = 0;
  for (const ChecksumSpec& spec : specs)
    added += spec.size();
  ChecksumCheck check;
  if (frame.size() <= added) {
    check.too_short = true;
    check.found = std::string(frame);
    return check;
  }
  const std::string_view body = frame.substr(0, frame.size() - added);
  check.found = std::string(frame.substr(body.size()));
  check.expected = append_checksums(specs, body).substr(body.size());
  check.ok = check.expected == check.found;
  return check;
}

}  // namespace tcpc
