// SPDX-License-Identifier: MIT
// How tcpc shows traffic: each chunk that was received or sent, as text (in
// a chosen encoding), as a hex dump, or both, optionally under a header with
// the local time, a direction mark and the byte count:
//   [14:03:27.415] < 6 bytes
//   00000000: 01 03 00 00 00 0a                                 |......|
// The plain text view without a time has no header: just the data, as nc
// shows it. On a terminal (DisplayOptions::terminal) what a peer sent can
// never run as a terminal command: escape sequences, control and
// undecodable bytes are shown as ^[, ^M, \xff. The same view serves the interactive session, the
// pipe and one-shot modes (as a relay Transform) and the print server.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "tcpc/encoding.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/result.hpp"
#include "tcpc/terminal_text.hpp"
#include "timestamp.hpp"

namespace tcpc {

enum class View {
  text,  // the bytes as text (decoded when an encoding is set)
  hex,   // offset / hex / ASCII dump
  both,  // the text, then the dump
};

// "text", "hex" or "both"; anything else fails with errc::invalid_argument.
Result<View> parse_view(std::string_view name);
std::string_view view_name(View view) noexcept;

enum class Direction {
  sent,      // shown with '>'
  received,  // shown with '<'
};

struct DisplayOptions {
  View view = View::text;
  bool time = false;  // "[HH:MM:SS.mmm]" in each header
  // Text is decoded from this encoding to UTF-8; without one the bytes are
  // shown exactly as they came.
  std::optional<Encoding> encoding;
  Undecodable undecodable = Undecodable::replace;
  // The text goes to a terminal: control and undecodable bytes are shown
  // visibly, never run (terminal_text.hpp). Off for pipes, files and --raw,
  // which get the bytes exactly.
  bool terminal = false;
  // The received stream comes in frames (--frame, /frame): every chunk,
  // sent or received, gets a header, so each frame stands on its own.
  bool framed = false;
  // With framed: each chunk is one JSON object on a line of its own
  // (chunk_json() says which fields), instead of the text or hex view.
  bool json = false;
};

// Which frame a received chunk is (frame_view.hpp), for its header.
struct FrameMark {
  std::uint64_t number = 0;  // from 1, per connection
  bool oversized = false;    // a piece of a frame longer than the maximum
  bool complete = true;      // false: more of the frame follows, or the stream ended first
  bool bad_length = false;   // the length field said less than its own header
  // --check: whether the frame ends with the right checksums, and (when
  // not, and the frame is long enough) what they should be, in hex.
  std::optional<bool> checksum_ok;
  std::string checksum_expected;
};

class ChunkView {
 public:
  explicit ChunkView(DisplayOptions options = {});
  ~ChunkView();
  ChunkView(ChunkView&&) noexcept;
  ChunkView& operator=(ChunkView&&) noexcept;

  const DisplayOptions& options() const noexcept { return options_; }
  void set_view(View view) noexcept { options_.view = view; }
  void set_time(bool on) noexcept { options_.time = on; }
  void set_framed(bool on) noexcept { options_.framed = on; }
  // A character split across chunks in the old encoding is shown as
  // undecodable (appended to `out`), then decoding starts afresh.
  void set_encoding(std::optional<Encoding> encoding, std::string& out);

  // True when chunks get a header: with a time, a hex view or a label.
  bool has_header(std::string_view label = {}) const noexcept;

  // Appends what the user sees for one chunk. `label` names the peer in the
  // header (the print server's "#2 127.0.0.1:40312"). With a header, a text
  // body that does not end a line is ended, so the next header starts a line.
  // On a terminal a labelled chunk holds nothing back for the next one (it
  // may come from another peer): a character it cuts off is shown as \xNN.
  // `frame` marks a received frame (numbered, flagged) in its header.
  void append(Direction direction, std::string_view bytes, WallClock::time_point when,
              std::string& out, std::string_view label = {}, const FrameMark* frame = nullptr);

  // End of the streams: shows any character still held back as undecodable.
  void finish(std::string& out);

 private:
  struct Decoders;
  TerminalEscaper& escaper(Direction direction) {
    return escapers_[direction == Direction::sent ? 0 : 1];
  }
  DisplayOptions options_;
  std::unique_ptr<Decoders> decoders_;  // one per direction, with an encoding
  TerminalEscaper escapers_[2];         // one per direction, used on a terminal
};

// The header line alone, e.g. "[14:03:27.415] #2 127.0.0.1:40312 < 6 bytes\n";
// for a frame "< frame 3: 6 bytes" and its flags: "(oversized piece)",
// "(incomplete)", "(length field too small)".
std::string chunk_header(Direction direction, std::size_t size,
                         std::optional<WallClock::time_point> when, std::string_view label = {},
                         const FrameMark* frame = nullptr);

// One chunk as a JSON object on one line (the framed view with --json):
//   {"direction":"received","frame":3,"time":"14:03:27.415","bytes":6,
//    "hex":"010300000001","text":"...","oversized":false,"complete":true,
//    "bad_length":false}
// "text" is decoded from `encoding` (UTF-8 without one), undecodable bytes
// as `undecodable` says; a sent chunk has no "frame" and no flags.
std::string chunk_json(Direction direction, std::string_view bytes, WallClock::time_point when,
                       const std::optional<Encoding>& encoding, Undecodable undecodable,
                       const FrameMark* frame);

// A ChunkView on one direction of a relay (pipe and one-shot --view/--time).
class ChunkViewTransform final : public Transform {
 public:
  using Clock = std::function<WallClock::time_point()>;
  ChunkViewTransform(DisplayOptions options, Direction direction, Clock clock = WallClock::now)
      : view_(std::move(options)), direction_(direction), clock_(std::move(clock)) {}

  Result<void> feed(std::string_view in, std::string& out) override {
    view_.append(direction_, in, clock_(), out);
    return {};
  }
  Result<void> finish(std::string& out) override {
    view_.finish(out);
    return {};
  }

 private:
  ChunkView view_;
  Direction direction_;
  Clock clock_;
};

}  // namespace tcpc
