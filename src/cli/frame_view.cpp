// SPDX-License-Identifier: MIT
#include "frame_view.hpp"

#include "tcpc/hex.hpp"

namespace tcpc {

FrameView::FrameView(std::optional<FrameSpec> spec) {
  if (spec) framer_.emplace(std::move(*spec));
}

std::optional<FrameSpec> FrameView::spec() const {
  if (!framer_) return std::nullopt;
  return framer_->spec();
}

void FrameView::set_spec(std::optional<FrameSpec> spec, ChunkView& view, WallClock::time_point when,
                         std::string& out) {
  finish(when, view, out);
  framer_.reset();
  if (spec) framer_.emplace(std::move(*spec));
  count_ = 0;
  view.set_framed(framer_.has_value());
}

void FrameView::show(ChunkView& view, WallClock::time_point when, std::string& out) {
  for (const Frame& frame : frames_) {
    FrameMark mark;
    mark.number = ++count_;
    mark.oversized = frame.oversized;
    mark.complete = frame.complete;
    mark.bad_length = frame.bad_length;
    if (!check_.empty()) {
      const ChecksumCheck check = check_checksums(check_, frame.bytes);
      mark.checksum_ok = check.ok;
      mark.checksum_expected = format_hex(check.expected);
    }
    view.append(Direction::received, frame.bytes, when, out, {}, &mark);
  }
  frames_.clear();
}

void FrameView::received(std::string_view bytes, SteadyClock::time_point now,
                         WallClock::time_point when, ChunkView& view, std::string& out) {
  if (!framer_) return view.append(Direction::received, bytes, when, out);
  // An idle gap that passed before these bytes ends the frame before them,
  // even when no wake() came in between (a busy loop, a stalled output).
  wake(now, when, view, out);
  framer_->feed(bytes, frames_);
  last_fed_ = now;
  show(view, when, out);
}

std::optional<FrameView::SteadyClock::time_point> FrameView::idle_due() const {
  if (!framer_ || framer_->spec().kind != FrameSpec::Kind::idle || framer_->held() == 0)
    return std::nullopt;
  return last_fed_ + framer_->spec().idle;
}

void FrameView::wake(SteadyClock::time_point now, WallClock::time_point when, ChunkView& view,
                     std::string& out) {
  const auto due = idle_due();
  if (!due || now < *due) return;
  framer_->idle(frames_);
  show(view, when, out);
}

void FrameView::finish(WallClock::time_point when, ChunkView& view, std::string& out) {
  if (!framer_) return;
  framer_->finish(frames_);
  show(view, when, out);
}

}  // namespace tcpc
