// SPDX-License-Identifier: MIT
// Frames on receive. TCP is a byte stream: one recv() may hold half of what
// the peer sent in one send(), or three sends at once (the "sticky packet"
// question). A Framer cuts the stream back into the peer's messages by a
// rule (FrameSpec), whatever the pieces it is fed:
//   idle:MS     a frame ends when no byte has come for MS milliseconds
//   line        a frame ends with LF (kept in the frame; a CR before it too)
//   delim:HEX   a frame ends with these bytes (kept in the frame): delim:0d0a
//   fixed:N     every frame is N bytes
//   length:TYPE[+ADJ|-ADJ][@OFFSET]
//               a length field says how long each frame is. TYPE is u8,
//               u16be, u16le, u32be or u32le. OFFSET (default 0) is where the
//               field starts, in bytes from the start of the frame. The
//               field's value V plus ADJ (default 0) is the number of bytes
//               that follow the field, so a frame is OFFSET + size of the
//               field + V + ADJ bytes, the header included.
// These are the terms of Netty's LengthFieldBasedFrameDecoder:
// lengthFieldOffset = OFFSET, lengthFieldLength = the field's size,
// lengthAdjustment = ADJ, initialBytesToStrip = 0 (frames are shown whole).
// Wireshark's tcp_dissect_pdus() asks for the same: fixed_len = OFFSET + the
// field's size, and get_pdu_len() returns the whole frame's length. So a
// Modbus TCP header (transaction 2, protocol 2, length 2 counting the bytes
// after it) is length:u16be@4; a field that counts the whole frame, itself
// included, is length:u16be-2.
//
// Memory stays bounded: no frame is held beyond FrameSpec::max_frame bytes.
// A longer frame comes out in pieces of max_frame bytes, each flagged
// oversized; a length or fixed framer knows where it ends and stays in step.
// The framer is pure (bytes in, frames out, no clock, no socket): for
// idle:MS the caller keeps the clock and calls idle() once the gap passed.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/result.hpp"

namespace tcpc {

// 1 MiB: what one frame may hold before it is cut into oversized pieces.
inline constexpr std::size_t kDefaultMaxFrame = 1024 * 1024;

struct LengthField {
  std::size_t size = 2;  // bytes: 1, 2 or 4
  bool big_endian = true;
  std::int64_t adjust = 0;  // ADJ: added to the value to get the bytes after the field
  std::size_t offset = 0;   // OFFSET: bytes before the field
  bool operator==(const LengthField&) const = default;
};

struct FrameSpec {
  enum class Kind : std::uint8_t { idle, line, delimiter, fixed, length };
  Kind kind = Kind::line;
  std::chrono::milliseconds idle{0};  // idle
  std::string delimiter = "\n";       // line ("\n") and delimiter
  std::size_t fixed_size = 0;         // fixed
  LengthField length;                 // length
  std::size_t max_frame = kDefaultMaxFrame;
  bool operator==(const FrameSpec&) const = default;
};

// The longest idle gap (a day), delimiter (64 bytes) and OFFSET (65535).
inline constexpr std::chrono::milliseconds kMaxIdleGap{86'400'000};
inline constexpr std::size_t kMaxDelimiter = 64;
inline constexpr std::size_t kMaxLengthOffset = 65535;

// "line", "delim:0d0a", "length:u16be+2@4", ... (see above). Errors are
// errc::invalid_argument with one line that names what is wrong.
Result<FrameSpec> parse_frame_spec(std::string_view text);
// The spec as parse_frame_spec() reads it back: "length:u16be+2@4".
std::string frame_spec_text(const FrameSpec& spec);

struct Frame {
  std::string bytes;  // never empty
  // A piece of a frame longer than max_frame. Pieces are max_frame bytes,
  // but the last one of the frame, which has `complete` set.
  bool oversized = false;
  // The piece ends its frame. False for the leading pieces of an oversized
  // frame and for what was held when the stream ended (finish()).
  bool complete = true;
  // length: the field said fewer bytes than the header (OFFSET + the field)
  // itself; the frame is the header alone, and framing goes on after it.
  bool bad_length = false;
  bool operator==(const Frame&) const = default;
};

class Framer {
 public:
  explicit Framer(FrameSpec spec);

  const FrameSpec& spec() const noexcept { return spec_; }
  // Appends every frame (or oversized piece) that `bytes` completes; the
  // rest is held for the next call. How the stream is split into calls
  // never changes the frames.
  void feed(std::string_view bytes, std::vector<Frame>& frames);
  // idle:MS only: the caller saw no byte for the gap, so what is held is a
  // frame. Other framers ignore it (their frames end by their content).
  void idle(std::vector<Frame>& frames);
  // End of the stream: what is held becomes a frame (complete for idle:MS,
  // whose frames end when the bytes stop; incomplete for the others).
  void finish(std::vector<Frame>& frames);
  // Bytes held for the frame being received.
  std::size_t held() const noexcept { return pending_.size(); }

 private:
  void feed_delimited(std::string_view& bytes, std::vector<Frame>& frames);
  void feed_sized(std::string_view& bytes, std::vector<Frame>& frames);
  void feed_idle(std::string_view& bytes, std::vector<Frame>& frames);
  // length: the frame's size from the header in pending_.
  std::uint64_t size_from_header(bool& bad_length) const;
  // How many of `bytes` end a delimited frame held in pending_; npos: none.
  std::size_t delimiter_end(std::string_view bytes, std::size_t room) const;
  void emit(std::vector<Frame>& frames, bool complete, bool piece = false, bool bad_length = false);

  FrameSpec spec_;
  std::size_t max_frame_;   // at least the header or delimiter
  std::size_t header_ = 0;  // length: OFFSET + the field's size
  std::string pending_;
  // fixed and length: the current frame's size, once known, and how much
  // of it went out already as oversized pieces.
  std::optional<std::uint64_t> size_;
  std::uint64_t emitted_ = 0;
  bool bad_length_ = false;
  // line, delimiter and idle: the current frame went out in pieces already.
  bool in_pieces_ = false;
};

}  // namespace tcpc
