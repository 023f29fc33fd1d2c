// SPDX-License-Identifier: MIT
// Cuts a byte stream into datagrams at line ends, for UDP: each stdin line
// (its LF included) becomes one datagram. A line longer than the largest
// datagram goes out in pieces of that size, so memory stays bounded.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/udp.hpp"

namespace tcpc {

class LineFramer {
 public:
  explicit LineFramer(std::size_t max_frame = kMaxDatagram) : max_frame_(max_frame) {}

  // Appends every frame that `bytes` completes to `frames`; an unfinished
  // line is kept for the next call.
  void feed(std::string_view bytes, std::vector<std::string>& frames);
  // End of input: the unfinished last line, if any, becomes a frame.
  void finish(std::vector<std::string>& frames);

 private:
  std::size_t max_frame_;
  std::string pending_;
};

}  // namespace tcpc
