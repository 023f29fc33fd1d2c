// SPDX-License-Identifier: MIT
// The received stream cut into frames for the views (--frame, /frame): a
// tcpc::Framer (framer.hpp) between what arrives and the ChunkView, so each
// frame is shown as one chunk with its number, however TCP split or joined
// the bytes. The clock stays here, outside the framer: for idle:MS the
// caller asks idle_due() and calls wake(). Only the view changes; -o and
// /save still get the bytes exactly as they came.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chunk_view.hpp"
#include "tcpc/checksum.hpp"
#include "tcpc/framer.hpp"
#include "tcpc/relay.hpp"

namespace tcpc {

class FrameView {
 public:
  using SteadyClock = std::chrono::steady_clock;

  FrameView() = default;
  explicit FrameView(std::optional<FrameSpec> spec);

  std::optional<FrameSpec> spec() const;
  // --check: each frame's trailing checksums are checked and the result
  // marked in its header (empty: not checked).
  void set_check(std::vector<ChecksumSpec> specs) { check_ = std::move(specs); }
  // Framing by `spec` from now on (nullopt: off), numbered afresh. What the
  // old framer held is shown first, as an incomplete frame.
  void set_spec(std::optional<FrameSpec> spec, ChunkView& view, WallClock::time_point when,
                std::string& out);
  // Received bytes: each frame they complete, or (not framing) the bytes
  // as one chunk.
  void received(std::string_view bytes, SteadyClock::time_point now, WallClock::time_point when,
                ChunkView& view, std::string& out);
  // idle:MS with bytes held: when they make a frame if nothing more comes.
  std::optional<SteadyClock::time_point> idle_due() const;
  // Once idle_due() has passed: the held bytes, shown as a frame.
  void wake(SteadyClock::time_point now, WallClock::time_point when, ChunkView& view,
            std::string& out);
  // End of the stream: what is held, shown as the last frame.
  void finish(WallClock::time_point when, ChunkView& view, std::string& out);

 private:
  void show(ChunkView& view, WallClock::time_point when, std::string& out);

  std::optional<Framer> framer_;
  std::vector<Frame> frames_;  // reused between calls
  std::uint64_t count_ = 0;
  std::vector<ChecksumSpec> check_;
  SteadyClock::time_point last_fed_{};
};

// A FrameView and its ChunkView on the received side of a relay (pipe,
// one-shot and -l with --frame). It asks the relay to wake it for idle:MS.
class FramedViewTransform final : public Transform {
 public:
  FramedViewTransform(DisplayOptions options, FrameSpec spec, std::vector<ChecksumSpec> check = {})
      : view_(std::move(options)), frames_(std::move(spec)) {
    frames_.set_check(std::move(check));
  }

  Result<void> feed(std::string_view in, std::string& out) override {
    frames_.received(in, FrameView::SteadyClock::now(), WallClock::now(), view_, out);
    return {};
  }
  Result<void> finish(std::string& out) override {
    frames_.finish(WallClock::now(), view_, out);
    view_.finish(out);
    return {};
  }
  std::optional<std::chrono::steady_clock::time_point> wake_time() const override {
    return frames_.idle_due();
  }
  Result<void> wake(std::string& out) override {
    frames_.wake(FrameView::SteadyClock::now(), WallClock::now(), view_, out);
    return {};
  }

 private:
  ChunkView view_;
  FrameView frames_;
};

}  // namespace tcpc
