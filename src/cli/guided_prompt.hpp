// SPDX-License-Identifier: MIT
// Guided mode's questions. On a terminal each answer is typed in the
// session's line editor (libedit: arrow keys, history, backspace over
// Chinese), with Ctrl-C and terminal resizes handled; from a pipe the
// answers are read line by line and echoed, so the transcript reads like a
// session. Either way answers are trimmed of spaces, and end of input
// (Ctrl-D) is an answer of its own: quit.
#pragma once

#include <cstddef>
#include <string>

namespace tcpc::cli {

// Answers are read into memory: at most this many bytes each.
inline constexpr std::size_t kMaxAnswer = 64 * 1024;

struct PromptAnswer {
  enum class Kind {
    text,         // `text` holds the answer, spaces trimmed
    ended,        // end of input (Ctrl-D): the user quits
    interrupted,  // Ctrl-C at the prompt
    too_long,     // a line longer than kMaxAnswer: not an answer (tcpc < /dev/zero)
  };
  Kind kind = Kind::ended;
  std::string text;
};

// Shows `prompt` (e.g. "Server IP: ") and reads one answer. `trim` removes
// spaces and tabs around it (not for the text to send, where they count).
PromptAnswer ask_user(const std::string& prompt, bool trim = true);

// `text` without the spaces, tabs and CR around it.
std::string trim_spaces(std::string text);

}  // namespace tcpc::cli
