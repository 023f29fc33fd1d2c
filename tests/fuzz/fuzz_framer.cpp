// SPDX-License-Identifier: MIT
// Any spec text parses or fails cleanly; a spec that parses reads back from
// its text. Any stream, framed whole or in pieces, gives the same frames;
// the frames hold exactly the stream's bytes, in order, none empty and none
// longer than the maximum.
// Input: a spec line ("length:u16be@4\n"), one byte for the maximum frame
// size, one for the piece size, then the stream.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "tcpc/framer.hpp"

namespace {

std::vector<tcpc::Frame> frames_of(const tcpc::FrameSpec& spec, std::string_view stream,
                                   std::size_t piece, bool idle_between) {
  tcpc::Framer framer(spec);
  std::vector<tcpc::Frame> frames;
  for (std::size_t at = 0; at < stream.size(); at += piece) {
    framer.feed(stream.substr(at, piece), frames);
    FUZZ_CHECK(framer.held() <= std::max<std::size_t>(spec.max_frame, 64 + 4 + 65535));
    if (idle_between) framer.idle(frames);
  }
  framer.finish(frames);
  return frames;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) {
    (void)tcpc::parse_frame_spec(input);
    return 0;
  }
  auto spec = tcpc::parse_frame_spec(input.substr(0, newline));
  if (!spec) return 0;
  auto again = tcpc::parse_frame_spec(tcpc::frame_spec_text(*spec));
  FUZZ_CHECK(again && *again == *spec);

  std::string_view rest = input.substr(newline + 1);
  if (rest.size() < 2) return 0;
  spec->max_frame = 1 + static_cast<unsigned char>(rest[0]);
  const std::size_t piece = 1 + static_cast<unsigned char>(rest[1]) % 16;
  const std::string_view stream = rest.substr(2);

  const auto whole = frames_of(*spec, stream, std::max<std::size_t>(stream.size(), 1), false);
  FUZZ_CHECK(frames_of(*spec, stream, piece, false) == whole);
  FUZZ_CHECK(frames_of(*spec, stream, 1, false) == whole);
  std::string joined;
  for (const tcpc::Frame& frame : whole) {
    FUZZ_CHECK(!frame.bytes.empty());
    joined += frame.bytes;
  }
  FUZZ_CHECK(joined == stream);
  // Idle gaps between pieces change idle frames only, and lose no byte.
  joined.clear();
  for (const tcpc::Frame& frame : frames_of(*spec, stream, piece, true))
    joined += frame.bytes;
  FUZZ_CHECK(joined == stream);
  return 0;
}
