// SPDX-License-Identifier: MIT
// The Framer (framer.hpp): one held frame, at most max_frame bytes, and the
// rule that says where it ends.
#include <algorithm>

#include "tcpc/framer.hpp"

namespace tcpc {

Framer::Framer(FrameSpec spec) : spec_(std::move(spec)) {
  if (spec_.kind == FrameSpec::Kind::length) header_ = spec_.length.offset + spec_.length.size;
  if (spec_.kind == FrameSpec::Kind::fixed) size_ = spec_.fixed_size;
  // The header and the delimiter are always whole inside one held frame.
  std::size_t least = 1;
  if (spec_.kind == FrameSpec::Kind::length) least = header_;
  if (spec_.kind == FrameSpec::Kind::line || spec_.kind == FrameSpec::Kind::delimiter)
    least = std::max<std::size_t>(spec_.delimiter.size(), 1);
  max_frame_ = std::max(spec_.max_frame, least);
}

void Framer::emit(std::vector<Frame>& frames, bool complete, bool piece, bool bad_length) {
  // Sized frames know whether they are too long; the others find out by
  // filling max_frame (`piece`), and the rest of such a frame is flagged too.
  const bool oversized = size_ ? *size_ > max_frame_ : piece || in_pieces_;
  frames.push_back(Frame{std::move(pending_), oversized, complete, bad_length});
  pending_.clear();
}

void Framer::feed(std::string_view bytes, std::vector<Frame>& frames) {
  while (!bytes.empty()) {
    switch (spec_.kind) {
      case FrameSpec::Kind::idle:
        feed_idle(bytes, frames);
        break;
      case FrameSpec::Kind::line:
      case FrameSpec::Kind::delimiter:
        feed_delimited(bytes, frames);
        break;
      case FrameSpec::Kind::fixed:
      case FrameSpec::Kind::length:
        feed_sized(bytes, frames);
        break;
    }
  }
}

void Framer::feed_idle(std::string_view& bytes, std::vector<Frame>& frames) {
  const std::size_t take = std::min(max_frame_ - pending_.size(), bytes.size());
  pending_.append(bytes.substr(0, take));
  bytes.remove_prefix(take);
  if (pending_.size() == max_frame_) {
    emit(frames, false, true);
    in_pieces_ = true;
  }
}

// A delimiter may start in the held bytes and end in `bytes`: the held
// tail is checked first, then `bytes` within the room left.
std::size_t Framer::delimiter_end(std::string_view bytes, std::size_t room) const {
  const std::string_view delimiter = spec_.delimiter;
  const std::size_t back = std::min(pending_.size(), delimiter.size() - 1);
  const std::string_view held = std::string_view(pending_).substr(pending_.size() - back);
  for (std::size_t start = 0; start < back; ++start) {
    const std::size_t in_held = back - start;
    const std::size_t in_bytes = delimiter.size() - in_held;
    if (in_bytes > std::min(room, bytes.size())) continue;
    if (held.substr(start) == delimiter.substr(0, in_held) &&
        bytes.substr(0, in_bytes) == delimiter.substr(in_held))
      return in_bytes;
  }
  const std::size_t found = bytes.substr(0, room).find(delimiter);
  return found == std::string_view::npos ? found : found + delimiter.size();
}

void Framer::feed_delimited(std::string_view& bytes, std::vector<Frame>& frames) {
  const std::size_t room = max_frame_ - pending_.size();
  const std::size_t end = delimiter_end(bytes, room);
  const std::size_t take = end == std::string_view::npos ? std::min(room, bytes.size()) : end;
  pending_.append(bytes.substr(0, take));
  bytes.remove_prefix(take);
  if (end != std::string_view::npos) {
    emit(frames, true);
    in_pieces_ = false;
  } else if (pending_.size() == max_frame_) {
    emit(frames, false, true);
    in_pieces_ = true;
  }
}

std::uint64_t Framer::size_from_header(bool& bad_length) const {
  const LengthField& field = spec_.length;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < field.size; ++i) {
    const std::size_t at = field.offset + (field.big_endian ? i : field.size - 1 - i);
    value = (value << 8) | static_cast<unsigned char>(pending_[at]);
  }
  const std::int64_t body = static_cast<std::int64_t>(value) + field.adjust;
  bad_length = body < 0;
  return header_ + static_cast<std::uint64_t>(std::max<std::int64_t>(body, 0));
}

void Framer::feed_sized(std::string_view& bytes, std::vector<Frame>& frames) {
  if (!size_) {  // length: the header first
    const std::size_t take = std::min(header_ - pending_.size(), bytes.size());
    pending_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (pending_.size() < header_) return;
    size_ = size_from_header(bad_length_);
  }
  const std::uint64_t left = *size_ - emitted_ - pending_.size();
  const std::size_t take = static_cast<std::size_t>(
      std::min<std::uint64_t>({left, max_frame_ - pending_.size(), bytes.size()}));
  pending_.append(bytes.substr(0, take));
  bytes.remove_prefix(take);
  if (emitted_ + pending_.size() == *size_) {
    emit(frames, true, false, bad_length_);
    emitted_ = 0;
    bad_length_ = false;
    if (spec_.kind == FrameSpec::Kind::length) size_.reset();
  } else if (pending_.size() == max_frame_) {
    emitted_ += pending_.size();
    emit(frames, false, true);
  }
}

void Framer::idle(std::vector<Frame>& frames) {
  if (spec_.kind != FrameSpec::Kind::idle || pending_.empty()) return;
  emit(frames, true);
  in_pieces_ = false;
}

void Framer::finish(std::vector<Frame>& frames) {
  if (!pending_.empty()) {
    const bool complete = spec_.kind == FrameSpec::Kind::idle;
    // A length header cut short: its size is not known, so not oversized.
    emit(frames, complete);
  }
  in_pieces_ = false;
  emitted_ = 0;
  bad_length_ = false;
  if (spec_.kind == FrameSpec::Kind::length) size_.reset();
}

}  // namespace tcpc
