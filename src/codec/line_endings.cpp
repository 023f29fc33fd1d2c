// SPDX-License-Identifier: MIT
#include "tcpc/line_endings.hpp"

namespace tcpc {

Result<void> CrlfTransform::feed(std::string_view in, std::string& out) {
  out.reserve(out.size() + in.size());
  for (const char c : in) {
    if (c == '\n' && !last_was_cr_) out.push_back('\r');
    out.push_back(c);
    last_was_cr_ = c == '\r';
  }
  return {};
}

Result<void> CrlfTransform::finish(std::string& /*out*/) {
  last_was_cr_ = false;
  return {};
}

std::string to_crlf(std::string_view text) {
  CrlfTransform transform;
  std::string out;
  (void)transform.feed(text, out);
  return out;
}

}  // namespace tcpc
