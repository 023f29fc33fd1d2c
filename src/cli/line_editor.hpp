// SPDX-License-Identifier: MIT
// The interactive prompt: line editing and history through libedit, driven
// one key at a time from a poll loop (EL_UNBUFFERED), so data that arrives
// meanwhile is printed above the prompt and never mixed into the line being
// typed: the prompt area is erased, the output written, the prompt and the
// half-typed line redrawn. Without a terminal (--interactive from a pipe) it
// reads plain lines and prints no prompt.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "tcpc/result.hpp"

namespace tcpc::cli {

class LineEditor {
 public:
  // prompt() is asked for the prompt text at every redraw.
  static Result<std::unique_ptr<LineEditor>> open(std::function<std::string()> prompt);
  // Gives the terminal back as it was.
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  int fd() const noexcept;  // poll it for POLLIN
  bool is_terminal() const noexcept;

  struct Input {
    enum class Kind {
      nothing,  // a key was handled; the line is not finished
      line,     // Enter: `text` is the line (already in the history)
      end,      // Ctrl-D on an empty line, or the input ended (read() again: end again)
    };
    Kind kind = Kind::nothing;
    std::string text;
  };
  // Reads and handles what the terminal has (call when fd() is readable).
  Input read();

  // Writes `text` above the prompt. A missing final newline is added, so the
  // prompt always starts its own line.
  void print(std::string_view text, std::FILE* stream = stdout);
  // Writes received data above the prompt, on stdout. Data that does not
  // end a line is continued by the next call: a line that arrives in pieces
  // ("login: ", then "part1 ") is shown as one line, as a terminal would
  // show it without the prompt. Without a terminal the bytes go out as they are.
  void print_output(std::string_view text);
  // Without a terminal: false after data that did not end its line.
  bool output_at_line_start() const noexcept;
  // Throws the line being typed away and shows a fresh prompt (Ctrl-C).
  void clear_line();
  bool line_empty() const;
  // The terminal changed size (SIGWINCH).
  void resize();
  // After a stop and continue (SIGCONT) the terminal may have been reset.
  void redraw();

 private:
  struct State;
  explicit LineEditor(std::unique_ptr<State> state);
  // columns: the width the prompt's rows are counted in; 0: libedit's.
  void erase_prompt_area(int columns = 0);
  void restart_line();
  void refresh_prompt();

  std::unique_ptr<State> state_;
};

}  // namespace tcpc::cli
