// SPDX-License-Identifier: MIT
#include "guided_prompt.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "line_editor.hpp"
#include "signal_pipe.hpp"
#include "tcpc/terminal_text.hpp"

namespace tcpc::cli {
namespace {

PromptAnswer answer_of(std::string text, bool trim) {
  return {PromptAnswer::Kind::text, trim ? trim_spaces(std::move(text)) : std::move(text)};
}

// A pipe or a file: one line per answer. Answers are not echoed by a
// terminal here, so they are shown, escaped: they may hold any bytes.
PromptAnswer ask_from_pipe(const std::string& prompt, bool trim) {
  fmt::print("{}", prompt);
  std::fflush(stdout);
  std::string line;
  char c = 0;
  bool ended_line = false;
  while (std::cin.get(c)) {
    if (c == '\n') {
      ended_line = true;
      break;
    }
    if (line.size() == kMaxAnswer) return {PromptAnswer::Kind::too_long, {}};
    line += c;
  }
  if (!ended_line && line.empty()) {  // the input ended
    fmt::print("\n");
    return {PromptAnswer::Kind::ended, {}};
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (!::isatty(STDIN_FILENO)) fmt::print("{}\n", escape_for_terminal(line));
  return answer_of(std::move(line), trim);
}

// A terminal: libedit, one key at a time, with the signals of the poll loop.
// The editor lives for one question; its terminal modes end with it.
PromptAnswer ask_on_terminal(const std::string& prompt, bool trim) {
  auto signals = SignalPipe::install({SIGINT, SIGWINCH, SIGCONT});
  auto editor = LineEditor::open([&prompt] { return prompt; });
  if (!signals || !editor) return ask_from_pipe(prompt, trim);  // no editor: plain lines
  pollfd fds[2] = {{(*editor)->fd(), POLLIN, 0}, {signals->fd(), POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return {PromptAnswer::Kind::ended, {}};
    }
    if (fds[1].revents != 0) {
      for (int signal : signals->take()) {
        if (signal == SIGINT) return {PromptAnswer::Kind::interrupted, {}};
        if (signal == SIGWINCH) (*editor)->resize();
        if (signal == SIGCONT) (*editor)->redraw();
      }
    }
    if (fds[0].revents == 0) continue;
    LineEditor::Input input = (*editor)->read();
    if (input.kind == LineEditor::Input::Kind::line && input.text.size() > kMaxAnswer)
      return {PromptAnswer::Kind::too_long, {}};
    if (input.kind == LineEditor::Input::Kind::line) return answer_of(std::move(input.text), trim);
    if (input.kind == LineEditor::Input::Kind::end) return {PromptAnswer::Kind::ended, {}};
  }
}

}  // namespace

std::string trim_spaces(std::string text) {
  constexpr const char* kSpaces = " \t\r";
  const std::size_t first = text.find_first_not_of(kSpaces);
  if (first == std::string::npos) return {};
  text.erase(text.find_last_not_of(kSpaces) + 1);
  text.erase(0, first);
  return text;
}

PromptAnswer ask_user(const std::string& prompt, bool trim) {
  std::fflush(stdout);
  if (::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO)) return ask_on_terminal(prompt, trim);
  return ask_from_pipe(prompt, trim);
}

}  // namespace tcpc::cli
