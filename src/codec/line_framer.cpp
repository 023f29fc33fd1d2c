// SPDX-License-Identifier: MIT
#include "tcpc/line_framer.hpp"

#include <algorithm>

namespace tcpc {

void LineFramer::feed(std::string_view bytes, std::vector<std::string>& frames) {
  while (!bytes.empty()) {
    const std::size_t room = max_frame_ - pending_.size();
    const std::size_t newline = bytes.substr(0, room).find('\n');
    if (newline != std::string_view::npos) {
      pending_.append(bytes.substr(0, newline + 1));
      bytes.remove_prefix(newline + 1);
    } else {
      const std::size_t take = std::min(room, bytes.size());
      pending_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (pending_.size() < max_frame_) return;  // wait for the rest of the line
    }
    frames.push_back(std::move(pending_));
    pending_.clear();
  }
}

void LineFramer::finish(std::vector<std::string>& frames) {
  if (pending_.empty()) return;
  frames.push_back(std::move(pending_));
  pending_.clear();
}

}  // namespace tcpc
