// SPDX-License-Identifier: MIT
#include "chunk_view.hpp"

#include <fmt/format.h>

#include <iterator>

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
               fmt::format("unknown view '{}' (use text, hex or both)", name));
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
                         std::optional<WallClock::time_point> when, std::string_view label) {
  std::string header;
  if (when) fmt::format_to(std::back_inserter(header), "[{}] ", format_time_of_day(*when));
  if (!label.empty()) fmt::format_to(std::back_inserter(header), "{} ", label);
  fmt::format_to(std::back_inserter(header), "{} {} byte{}\n",
                 direction == Direction::sent ? '>' : '<', size, size == 1 ? "" : "s");
  return header;
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
  return options_.time || options_.view != View::text || !label.empty();
}

void ChunkView::append(Direction direction, std::string_view bytes, WallClock::time_point when,
                       std::string& out, std::string_view label) {
  const bool header = has_header(label);
  if (header) {
    out += chunk_header(direction, bytes.size(), options_.time ? std::optional(when) : std::nullopt,
                        label);
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
