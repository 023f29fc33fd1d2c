// SPDX-License-Identifier: MIT
// What a peer sent, made safe to show on a terminal: the bytes can neither
// run a terminal command (clear the screen, set colours, the title or the
// clipboard, move the cursor) nor vanish. Shown the way `less` and `cat -v`
// show them:
//   - printable UTF-8 text, '\n' and '\t' as they are (the layout);
//   - "\r\n" as "\n" (a line end), any other '\r' as "^M";
//   - other C0 controls and DEL in caret notation: ESC "^[", NUL "^@", DEL "^?";
//   - C1 controls (U+0080-U+009F) and the bidirectional overrides and
//     isolates that reorder what is shown (U+202A-U+202E, U+2066-U+2069) as
//     "<U+009B>";
//   - a byte that is not part of valid UTF-8 (strict: no overlongs, no
//     surrogates, nothing above U+10FFFF) as "\xff".
// Text decoded from another encoding (Decoder) is UTF-8 and goes through the
// same way. Only for terminals: pipes and --raw get the bytes as they are.
#pragma once

#include <string>
#include <string_view>

namespace tcpc {

// Streaming: a UTF-8 character split across feed() calls is held until the
// rest arrives, so the output does not depend on where chunks end (except
// for a "\r" that ends one chunk and a "\n" that starts the next: "^M\n").
class TerminalEscaper {
 public:
  // Appends the display text of `bytes` to `out`.
  void feed(std::string_view bytes, std::string& out);
  // End of the stream: a held incomplete character is shown as "\xNN" bytes.
  void finish(std::string& out);

 private:
  std::string held_;  // an incomplete UTF-8 character (at most 3 bytes)
};

// The whole-buffer form: feed() then finish().
std::string escape_for_terminal(std::string_view bytes);

}  // namespace tcpc
