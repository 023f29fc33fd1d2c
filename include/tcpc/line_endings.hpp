// SPDX-License-Identifier: MIT
// nc -C: what is typed with Unix line endings goes on the wire with the CRLF
// that line-based protocols (SMTP, HTTP, Redis, many devices) expect. Each LF
// not already preceded by a CR becomes CR LF; everything else is unchanged.
#pragma once

#include <string>
#include <string_view>

#include "tcpc/relay.hpp"

namespace tcpc {

// Streaming, so a CR at the end of one chunk still protects the LF that
// starts the next.
class CrlfTransform final : public Transform {
 public:
  Result<void> feed(std::string_view in, std::string& out) override;
  Result<void> finish(std::string& out) override;

 private:
  bool last_was_cr_ = false;
};

// Whole-buffer helper: to_crlf("a\nb\r\n") == "a\r\nb\r\n".
std::string to_crlf(std::string_view text);

}  // namespace tcpc
