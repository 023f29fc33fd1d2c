// SPDX-License-Identifier: MIT
// FrameSpec as text: parse_frame_spec() and frame_spec_text() (framer.hpp).
#include <fmt/format.h>

#include <charconv>
#include <limits>

#include "tcpc/framer.hpp"
#include "tcpc/hex.hpp"

namespace tcpc {
namespace {

constexpr const char* kForms =
    "idle:MS, line, delim:HEX, fixed:N or length:u8|u16be|u16le|u32be|u32le[+ADJ][@OFFSET]";
// ADJ is kept to what a real header could need; more is surely a typo.
constexpr std::int64_t kMaxAdjust = 65535;

Error bad(std::string message) {
  return Error(errc::invalid_argument, Operation::none, {}, std::move(message));
}

// A whole decimal number in [low, high]; `what` names it in the error.
Result<std::int64_t> parse_number(std::string_view text, std::int64_t low, std::int64_t high,
                                  std::string_view what) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto parsed = std::from_chars(text.data(), end, value);
  if (text.empty() || parsed.ec != std::errc() || parsed.ptr != end || value < low ||
      value > high) {
    return bad(fmt::format("frame spec: {} must be a whole number from {} to {}, not '{}'", what,
                           low, high, text));
  }
  return value;
}

Result<FrameSpec> parse_length(std::string_view rest) {
  FrameSpec spec;
  spec.kind = FrameSpec::Kind::length;
  const std::size_t type_end = rest.find_first_of("+-@");
  const std::string_view type = rest.substr(0, type_end);
  static constexpr struct {
    std::string_view name;
    std::size_t size;
    bool big_endian;
  } kTypes[] = {{"u8", 1, true},
                {"u16be", 2, true},
                {"u16le", 2, false},
                {"u32be", 4, true},
                {"u32le", 4, false}};
  bool known = false;
  for (const auto& candidate : kTypes) {
    if (type != candidate.name) continue;
    spec.length.size = candidate.size;
    spec.length.big_endian = candidate.big_endian;
    known = true;
  }
  if (!known) {
    return bad(
        fmt::format("frame spec: length field '{}' is not u8, u16be, u16le, u32be or u32le", type));
  }
  rest = type_end == std::string_view::npos ? std::string_view() : rest.substr(type_end);
  bool have_adjust = false;
  bool have_offset = false;
  while (!rest.empty()) {
    const char mark = rest.front();
    const std::size_t next = rest.find_first_of("+-@", 1);
    const std::string_view number =
        rest.substr(1, next == std::string_view::npos ? next : next - 1);
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next);
    if (mark == '@') {
      if (have_offset) return bad("frame spec: @OFFSET is given twice");
      auto offset = parse_number(number, 0, kMaxLengthOffset, "OFFSET");
      if (!offset) return offset.error();
      spec.length.offset = static_cast<std::size_t>(*offset);
      have_offset = true;
    } else {
      if (have_adjust) return bad("frame spec: ADJ is given twice");
      auto adjust = parse_number(number, 0, kMaxAdjust, "ADJ");
      if (!adjust) return adjust.error();
      spec.length.adjust = mark == '-' ? -*adjust : *adjust;
      have_adjust = true;
    }
  }
  return spec;
}

}  // namespace

Result<FrameSpec> parse_frame_spec(std::string_view text) {
  const std::size_t colon = text.find(':');
  const std::string_view kind = text.substr(0, colon);
  const bool has_value = colon != std::string_view::npos;
  const std::string_view value = has_value ? text.substr(colon + 1) : std::string_view();
  FrameSpec spec;
  if (kind == "line") {
    if (has_value) return bad("frame spec: line takes no value (delim:HEX sets other ends)");
    return spec;
  }
  if (kind == "length") return parse_length(value);
  if (kind == "idle") {
    auto ms = parse_number(value, 1, kMaxIdleGap.count(), "MS");
    if (!ms) return ms.error();
    spec.kind = FrameSpec::Kind::idle;
    spec.idle = std::chrono::milliseconds(*ms);
    return spec;
  }
  if (kind == "fixed") {
    auto size = parse_number(value, 1, std::numeric_limits<std::uint32_t>::max(), "N");
    if (!size) return size.error();
    spec.kind = FrameSpec::Kind::fixed;
    spec.fixed_size = static_cast<std::size_t>(*size);
    return spec;
  }
  if (kind == "delim") {
    auto bytes = parse_hex(value);
    if (!bytes) return bad("frame spec: delim: " + bytes.error().message());
    if (bytes->empty() || bytes->size() > kMaxDelimiter) {
      return bad(fmt::format("frame spec: delim needs 1 to {} bytes in hex, e.g. delim:0d0a",
                             kMaxDelimiter));
    }
    spec.kind = FrameSpec::Kind::delimiter;
    spec.delimiter = std::move(*bytes);
    return spec;
  }
  return bad(fmt::format("unknown frame spec '{}' (use {})", text, kForms));
}

std::string frame_spec_text(const FrameSpec& spec) {
  switch (spec.kind) {
    case FrameSpec::Kind::idle:
      return fmt::format("idle:{}", spec.idle.count());
    case FrameSpec::Kind::line:
      return "line";
    case FrameSpec::Kind::delimiter:
      return "delim:" + format_hex(spec.delimiter, '\0');
    case FrameSpec::Kind::fixed:
      return fmt::format("fixed:{}", spec.fixed_size);
    case FrameSpec::Kind::length:
      break;
  }
  const LengthField& field = spec.length;
  std::string text = fmt::format("length:u{}{}", field.size * 8,
                                 field.size == 1 ? "" : (field.big_endian ? "be" : "le"));
  if (field.adjust != 0) text += fmt::format("{:+}", field.adjust);
  if (field.offset != 0) text += fmt::format("@{}", field.offset);
  return text;
}

}  // namespace tcpc
