// SPDX-License-Identifier: MIT
#include "chunk_view.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <iterator>

#include "i18n.hpp"
#include "tcpc/hex.hpp"
#include "tcpc/hexdump.hpp"

namespace tcpc {

struct ChunkView::Decoders {
  Decoders(Encoding encoding, Undecodable policy)
      : sent(encoding, policy), received(encoding, policy) {}
  Decoder& of(Direction direction) { return direction == Direction::sent ? sent : received; }
  Decoder sent;
  Decoder received;
};

Result<View> parse_view(std::string_view name) {
  if (name == "text") return View::text;
  if (name == "hex") return View::hex;
  if (name == "both") return View::both;
  return Error(errc::invalid_argument, Operation::none, {},
               cli::trf("unknown view '{}' (use text, hex or both)", name));
}

std::string_view view_name(View view) noexcept {
  switch (view) {
    case View::text:
      return "text";
    case View::hex:
      return "hex";
    case View::both:
      return "both";
  }
  return "text";
}

std::string chunk_header(Direction direction, std::size_t size,
                         std::optional<WallClock::time_point> when, std::string_view label,
                         const FrameMark* frame) {
  std::string header;
  auto to = std::back_inserter(header);
  if (when) fmt::format_to(to, "[{}] ", format_time_of_day(*when));
  if (!label.empty()) fmt::format_to(to, "{} ", label);
  fmt::format_to(to, "{} ", direction == Direction::sent ? '>' : '<');
  if (frame) fmt::format_to(to, "frame {}: ", frame->number);
  fmt::format_to(to, "{} byte{}", size, size == 1 ? "" : "s");
  if (frame && frame->oversized) header += " (oversized piece)";
  if (frame && !frame->complete) header += " (incomplete)";
  if (frame && frame->bad_length) header += " (length field too small)";
  if (frame && frame->checksum_ok) {
    if (*frame->checksum_ok) {
      header += " (checksum ok)";
    } else if (frame->checksum_expected.empty()) {
      header += " (checksum WRONG: too short to hold one)";
    } else {
      fmt::format_to(to, " (checksum WRONG: expected {})", frame->checksum_expected);
    }
  }
  header += '\n';
  return header;
}

std::string chunk_json(Direction direction, std::string_view bytes, WallClock::time_point when,
                       const std::optional<Encoding>& encoding, Undecodable undecodable,
                       const FrameMark* frame) {
  nlohmann::ordered_json object;
  object["direction"] = direction == Direction::sent ? "sent" : "received";
  if (frame) object["frame"] = frame->number;
  object["time"] = format_time_of_day(when);
  object["bytes"] = bytes.size();
  object["hex"] = format_hex(bytes, '\0');
  object["text"] = decode(encoding.value_or(Encoding::utf8()), bytes, undecodable);
  if (frame) {
    object["oversized"] = frame->oversized;
    object["complete"] = frame->complete;
    object["bad_length"] = frame->bad_length;
    if (frame->checksum_ok) {
      object["checksum_ok"] = *frame->checksum_ok;
      object["checksum_expected"] = frame->checksum_expected;
    }
  }
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

ChunkView::ChunkView(DisplayOptions options) : options_(std::move(options)) {
  if (options_.encoding)
    decoders_ = std::make_unique<Decoders>(*options_.encoding, options_.undecodable);
}
ChunkView::~ChunkView() = default;
ChunkView::ChunkView(ChunkView&&) noexcept = default;
ChunkView& ChunkView::operator=(ChunkView&&) noexcept = default;

void ChunkView::set_encoding(std::optional<Encoding> encoding, std::string& out) {
  finish(out);
  options_.encoding = encoding;
  decoders_.reset();
  if (encoding) decoders_ = std::make_unique<Decoders>(*encoding, options_.undecodable);
}

bool ChunkView::has_header(std::string_view label) const noexcept {
  return options_.time || options_.view != View::text || options_.framed || !label.empty();
}

void ChunkView::append(Direction direction, std::string_view bytes, WallClock::time_point when,
                       std::string& out, std::string_view label, const FrameMark* frame) {
  if (options_.framed && options_.json) {
    out += chunk_json(direction, bytes, when, options_.encoding, options_.undecodable, frame);
    return;
  }
  const bool header = has_header(label);
  if (header) {
    out += chunk_header(direction, bytes.size(), options_.time ? std::optional(when) : std::nullopt,
                        label, frame);
  }
  if (options_.view != View::hex) {
    const std::size_t start = out.size();
    if (options_.terminal) {
      std::string decoded;
      std::string_view text = bytes;
      if (decoders_) {
        decoders_->of(direction).feed(bytes, decoded);
        text = decoded;
      }
      escaper(direction).feed(text, out);
      // A label names one peer of many: nothing held may join another's chunk.
      if (!label.empty()) escaper(direction).finish(out);
    } else if (decoders_) {
      decoders_->of(direction).feed(bytes, out);
    } else {
      out.append(bytes);
    }
    if (header && out.size() > start && out.back() != '\n') out += '\n';
  }
  if (options_.view != View::text) append_hexdump(bytes, out);
}

void ChunkView::finish(std::string& out) {
  for (Direction direction : {Direction::sent, Direction::received}) {
    const std::size_t start = out.size();
    if (options_.terminal) {
      std::string decoded;
      if (decoders_) decoders_->of(direction).finish(decoded);
      escaper(direction).feed(decoded, out);
      escaper(direction).finish(out);
    } else if (decoders_) {
      decoders_->of(direction).finish(out);
    }
    if (has_header() && out.size() > start && out.back() != '\n') out += '\n';
  }
}

}  // namespace tcpc
