// SPDX-License-Identifier: MIT
// ChecksumSpec as text: parse_checksum_spec(s) and checksum_spec(s)_text()
// (checksum.hpp).
#include <fmt/format.h>

#include <array>
#include <charconv>
#include <optional>
#include <utility>

#include "tcpc/checksum.hpp"
#include "tcpc/hex.hpp"

namespace tcpc {
namespace {

using Kind = ChecksumSpec::Kind;

struct Named {
  std::string_view name;
  Kind kind;
  CrcParams crc;
  bool big_endian;
};

// The catalogue's parameters; the unit tests check each one's check value.
constexpr std::array<Named, 8> kNamed{{
    {"crc16-modbus", Kind::crc, {16, 0x8005, 0xffff, true, true, 0}, false},
    {"crc16-ccitt", Kind::crc, {16, 0x1021, 0xffff, false, false, 0}, true},
    {"crc16-xmodem", Kind::crc, {16, 0x1021, 0, false, false, 0}, true},
    {"crc8", Kind::crc, {8, 0x07, 0, false, false, 0}, true},
    {"crc32", Kind::crc, {32, 0x04c11db7, 0xffffffff, true, true, 0xffffffff}, true},
    {"sum8", Kind::sum8, {}, true},
    {"xor8", Kind::xor8, {}, true},
    {"lrc", Kind::lrc, {}, true},
}};

constexpr const char* kKnown =
    "crc16-modbus, crc16-ccitt, crc16-xmodem, crc8, crc32, sum8, xor8, lrc, hex:HEX or "
    "crc:width=W,poly=P[,init=I,refin=0|1,refout=0|1,xorout=X]";

Error bad(std::string message) {
  return Error(errc::invalid_argument, Operation::none, {}, "checksum spec: " + message);
}

const Named* find_named(std::string_view name) {
  for (const Named& named : kNamed) {
    if (named.name == name) return &named;
  }
  return nullptr;
}

// "0x8005" or "32773": a whole number of at most 64 bits.
Result<std::uint64_t> parse_number(std::string_view text, std::string_view what) {
  int base = 10;
  std::string_view digits = text;
  if (digits.starts_with("0x") || digits.starts_with("0X")) {
    base = 16;
    digits.remove_prefix(2);
  }
  std::uint64_t value = 0;
  const char* end = digits.data() + digits.size();
  const auto parsed = std::from_chars(digits.data(), end, value, base);
  if (digits.empty() || parsed.ec != std::errc() || parsed.ptr != end)
    return bad(fmt::format("{} must be a number (0x1021 or 4129), not '{}'", what, text));
  return value;
}

Result<bool> parse_flag(std::string_view text, std::string_view what) {
  if (text == "0" || text == "false") return false;
  if (text == "1" || text == "true") return true;
  return bad(fmt::format("{} must be 0 or 1, not '{}'", what, text));
}

// "width=16,poly=0x8005,init=0xffff,refin=1,refout=1,xorout=0[,check=0x4b37]"
Result<CrcParams> parse_crc_params(std::string_view text) {
  CrcParams params;
  bool have_width = false;
  bool have_poly = false;
  bool have_refout = false;
  std::optional<std::uint64_t> check;
  std::uint64_t seen = 0;  // one bit per key, to refuse a key given twice
  static constexpr std::array<std::string_view, 7> kKeys{"width",  "poly",   "init", "refin",
                                                         "refout", "xorout", "check"};
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const std::size_t equals = item.find('=');
    const std::string_view key = item.substr(0, equals);
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view() : item.substr(equals + 1);
    std::size_t index = 0;
    while (index < kKeys.size() && kKeys[index] != key)
      ++index;
    if (index == kKeys.size() || equals == std::string_view::npos) {
      return bad(
          fmt::format("'{}' is not KEY=VALUE with KEY one of width, poly, init, refin, "
                      "refout, xorout, check",
                      item));
    }
    if (seen & (1u << index)) return bad(fmt::format("{} is given twice", key));
    seen |= 1u << index;
    if (key == "refin" || key == "refout") {
      auto flag = parse_flag(value, key);
      if (!flag) return flag.error();
      (key == "refin" ? params.refin : params.refout) = *flag;
      have_refout = have_refout || key == "refout";
      continue;
    }
    auto number = parse_number(value, key);
    if (!number) return number.error();
    if (key == "width") {
      if (*number < 1 || *number > 64) return bad("width must be from 1 to 64");
      params.width = static_cast<unsigned>(*number);
      have_width = true;
    } else if (key == "poly") {
      params.poly = *number;
      have_poly = true;
    } else if (key == "init") {
      params.init = *number;
    } else if (key == "xorout") {
      params.xorout = *number;
    } else {
      check = *number;
    }
  }
  if (!have_width || !have_poly) return bad("a custom CRC needs width= and poly=");
  if (!have_refout) params.refout = params.refin;
  const std::uint64_t mask =
      params.width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << params.width) - 1;
  for (const auto& [name, value] : {std::pair<std::string_view, std::uint64_t>{"poly", params.poly},
                                    {"init", params.init},
                                    {"xorout", params.xorout},
                                    {"check", check.value_or(0)}}) {
    if (value & ~mask)
      return bad(fmt::format("{}=0x{:x} does not fit in {} bits", name, value, params.width));
  }
  if ((params.poly & 1) == 0) {
    return bad(
        fmt::format("poly=0x{:x} is even; a CRC polynomial has its lowest bit set "
                    "(the catalogue writes it without the top bit)",
                    params.poly));
  }
  if (check && crc_value(params, kChecksumCheckInput) != *check) {
    return bad(fmt::format("these parameters give check=0x{:x}, not 0x{:x}",
                           crc_value(params, kChecksumCheckInput), *check));
  }
  return params;
}

// Takes ":le", ":be" and "@N" off the end of `text`, in any order.
Result<void> strip_suffixes(std::string_view& text, ChecksumSpec& spec, bool& order_given) {
  bool start_given = false;
  for (;;) {
    if (text.ends_with(":le") || text.ends_with(":be")) {
      if (order_given) return bad("the byte order (:le or :be) is given twice");
      spec.big_endian = text.ends_with(":be");
      order_given = true;
      text.remove_suffix(3);
      continue;
    }
    const std::size_t at = text.rfind('@');
    if (at == std::string_view::npos) return {};
    const std::string_view number = text.substr(at + 1);
    std::size_t start = 0;
    const char* end = number.data() + number.size();
    const auto parsed = std::from_chars(number.data(), end, start);
    if (number.empty() || parsed.ec != std::errc() || parsed.ptr != end ||
        start > kMaxChecksumStart) {
      return bad(fmt::format("@N must be a byte offset from 0 to {}, not '@{}'", kMaxChecksumStart,
                             number));
    }
    if (start_given) return bad("@N is given twice");
    spec.start = start;
    start_given = true;
    text = text.substr(0, at);
  }
}

}  // namespace

Result<ChecksumSpec> parse_checksum_spec(std::string_view text) {
  ChecksumSpec spec;
  if (text.starts_with("hex:")) {
    auto tail = parse_hex(text.substr(4));
    if (!tail) return bad("hex: " + tail.error().message());
    if (tail->empty() || tail->size() > kMaxChecksumTail) {
      return bad(fmt::format("hex: needs 1 to {} bytes, e.g. hex:0d0a", kMaxChecksumTail));
    }
    spec.kind = Kind::fixed;
    spec.name = "hex";
    spec.tail = std::move(*tail);
    return spec;
  }
  std::string_view rest = text;
  bool order_given = false;
  auto stripped = strip_suffixes(rest, spec, order_given);
  if (!stripped) return stripped.error();
  if (rest.starts_with("crc:")) {
    auto params = parse_crc_params(rest.substr(4));
    if (!params) return params.error();
    spec.kind = Kind::crc;
    spec.name = "crc";
    spec.crc = *params;
    if (!order_given) spec.big_endian = true;
    return spec;
  }
  const Named* named = find_named(rest);
  if (!named) {
    if (rest.empty()) return bad("empty SPEC (use " + std::string(kKnown) + ")");
    return bad(fmt::format("unknown SPEC '{}' (use {})", rest, kKnown));
  }
  spec.kind = named->kind;
  spec.name = std::string(named->name);
  spec.crc = named->kind == Kind::crc ? named->crc : CrcParams{};
  if (!order_given) spec.big_endian = named->big_endian;
  return spec;
}

Result<std::vector<ChecksumSpec>> parse_checksum_specs(std::string_view text) {
  // Cut at commas, then join a custom CRC's KEY=VALUE items back to it.
  std::vector<std::string> pieces;
  for (std::string_view rest = text;;) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    const bool continues_crc = !pieces.empty() && pieces.back().starts_with("crc:") &&
                               item.find('=') != std::string_view::npos;
    if (continues_crc) {
      pieces.back() += ',';
      pieces.back() += item;
    } else {
      pieces.emplace_back(item);
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (pieces.size() > kMaxChecksumSpecs)
    return bad(fmt::format("at most {} SPECs in a list", kMaxChecksumSpecs));
  std::vector<ChecksumSpec> specs;
  for (const std::string& piece : pieces) {
    auto spec = parse_checksum_spec(piece);
    if (!spec) return spec.error();
    specs.push_back(std::move(*spec));
  }
  return specs;
}

std::string checksum_spec_text(const ChecksumSpec& spec) {
  if (spec.kind == Kind::fixed) return "hex:" + format_hex(spec.tail, '\0');
  std::string text;
  bool default_big_endian = true;
  if (spec.name == "crc") {
    const CrcParams& p = spec.crc;
    text = fmt::format("crc:width={},poly=0x{:x},init=0x{:x},refin={},refout={},xorout=0x{:x}",
                       p.width, p.poly, p.init, p.refin ? 1 : 0, p.refout ? 1 : 0, p.xorout);
  } else {
    text = spec.name;
    if (const Named* named = find_named(spec.name)) default_big_endian = named->big_endian;
  }
  if (spec.big_endian != default_big_endian) text += spec.big_endian ? ":be" : ":le";
  if (spec.start != 0) text += fmt::format("@{}", spec.start);
  return text;
}

std::string checksum_specs_text(const std::vector<ChecksumSpec>& specs) {
  std::string text;
  for (const ChecksumSpec& spec : specs) {
    if (!text.empty()) text += ',';
    text += checksum_spec_text(spec);
  }
  return text;
}

}  // namespace tcpc
