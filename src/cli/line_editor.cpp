// SPDX-License-Identifier: MIT
#include "line_editor.hpp"

#include <histedit.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstdlib>
#include <cwchar>
#include <string>

namespace tcpc::cli {
namespace {

constexpr int kHistorySize = 1000;
// An unfinished output line longer than this is not continued in place: the
// next data starts a new line (its width is no longer worth tracking).
constexpr std::size_t kMaxPartialLine = 16 * 1024;

// Terminal columns taken by UTF-8 (or locale) text; 1 per undecodable byte.
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  std::mbstate_t state{};
  while (!text.empty()) {
    wchar_t wide = 0;
    const std::size_t n = std::mbrtowc(&wide, text.data(), text.size(), &state);
    if (n == static_cast<std::size_t>(-1) || n == static_cast<std::size_t>(-2) || n == 0) {
      state = {};
      width += 1;
      text.remove_prefix(1);
      continue;
    }
    const int columns = ::wcwidth(wide);
    width += columns > 0 ? static_cast<std::size_t>(columns) : 0;
    text.remove_prefix(n);
  }
  return width;
}

}  // namespace

struct LineEditor::State {
  bool terminal = true;
  std::string partial;  // without a terminal: the line read so far
  EditLine* el = nullptr;
  History* history = nullptr;
  std::function<std::string()> prompt;
  std::string prompt_text;  // what libedit shows; kept alive between calls
  // The output line above the prompt that data has not ended yet, and
  // whether the next data may continue it (nothing else was shown since).
  std::string partial_line;
  bool partial_open = false;
  // Without a terminal: whether stdout is at the start of a line (data is
  // written as it is; a notice after a piece of a line starts its own).
  bool at_line_start = true;

  ~State() {
    if (el) {
      el_set(el, EL_UNBUFFERED, 0);  // cooked mode again
      el_end(el);
    }
    if (history) history_end(history);
  }
};

namespace {

char* prompt_of(EditLine* el) {
  void* data = nullptr;
  el_get(el, EL_CLIENTDATA, &data);
  auto* state = static_cast<std::string*>(data);
  return state->data();
}

}  // namespace

LineEditor::LineEditor(std::unique_ptr<State> state) : state_(std::move(state)) {}
LineEditor::~LineEditor() {
  // Leave no prompt behind: what was printed last stays the last line.
  if (state_) erase_prompt_area();
}

Result<std::unique_ptr<LineEditor>> LineEditor::open(std::function<std::string()> prompt) {
  // libedit edits characters, not bytes, in the terminal's locale.
  std::setlocale(LC_CTYPE, "");
  auto state = std::make_unique<State>();
  state->prompt = std::move(prompt);
  state->prompt_text = state->prompt();
  state->terminal = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
  if (!state->terminal) return std::unique_ptr<LineEditor>(new LineEditor(std::move(state)));
  state->el = el_init("tcpc", stdin, stdout, stderr);
  state->history = history_init();
  if (!state->el || !state->history) {
    return Error(std::make_error_code(std::errc::not_enough_memory), "libedit");
  }
  HistEvent event;
  history(state->history, &event, H_SETSIZE, kHistorySize);
  history(state->history, &event, H_SETUNIQUE, 1);
  el_set(state->el, EL_HIST, history, state->history);
  el_set(state->el, EL_EDITOR, "emacs");
  el_set(state->el, EL_CLIENTDATA, &state->prompt_text);
  el_set(state->el, EL_PROMPT, prompt_of);
  el_source(state->el, nullptr);  // ~/.editrc, as other libedit programs do
  // One key per el_gets(): the poll loop stays in charge. This also shows
  // the prompt and puts the terminal in raw mode.
  el_set(state->el, EL_UNBUFFERED, 1);
  return std::unique_ptr<LineEditor>(new LineEditor(std::move(state)));
}

int LineEditor::fd() const noexcept {
  return STDIN_FILENO;
}

bool LineEditor::is_terminal() const noexcept {
  return state_->terminal;
}

LineEditor::Input LineEditor::read() {
  if (!state_->terminal) {
    // One byte per call, so poll() still tells when the next line is there.
    char byte = 0;
    ssize_t n;
    do {
      n = ::read(STDIN_FILENO, &byte, 1);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return {Input::Kind::end, {}};
    if (byte != '\n') {
      state_->partial += byte;
      return {};
    }
    if (!state_->partial.empty() && state_->partial.back() == '\r') state_->partial.pop_back();
    Input input{Input::Kind::line, std::move(state_->partial)};
    state_->partial.clear();
    return input;
  }
  int count = 0;
  errno = 0;
  const char* buffer = el_gets(state_->el, &count);
  if (!buffer) {
    // Without a terminal, libedit reports the end of input as 0 characters;
    // on a terminal, -1 with errno set means the read failed.
    if (count == 0 || (count < 0 && errno != 0 && errno != EINTR && errno != EAGAIN)) {
      return {Input::Kind::end, {}};
    }
    return {};
  }
  std::string_view line(buffer, static_cast<std::size_t>(count));
  if (line == "\x04") return {Input::Kind::end, {}};  // Ctrl-D on an empty line
  if (line.empty() || (line.back() != '\n' && line.back() != '\r')) return {};
  line.remove_suffix(1);
  Input input{Input::Kind::line, std::string(line)};
  if (!input.text.empty()) {
    HistEvent event;
    history(state_->history, &event, H_ENTER, input.text.c_str());
  }
  state_->partial_open = false;  // the typed line is on the screen below the data now
  restart_line();
  return input;
}

void LineEditor::restart_line() {
  // Leaving and re-entering unbuffered mode empties the line and shows a new
  // prompt on the current (fresh) screen line.
  state_->prompt_text = state_->prompt();
  el_set(state_->el, EL_UNBUFFERED, 0);
  el_set(state_->el, EL_UNBUFFERED, 1);
}

bool LineEditor::line_empty() const {
  if (!state_->terminal) return state_->partial.empty();
  const LineInfo* info = el_line(state_->el);
  return info->lastchar == info->buffer;
}

void LineEditor::erase_prompt_area(int columns) {
  if (!state_->terminal) return;
  // Back to the first column of the prompt's first row, then clear to the
  // end of the screen (ANSI: every terminal libedit meets today).
  const LineInfo* info = el_line(state_->el);
  if (columns <= 0 && (el_get(state_->el, EL_GETTC, "co", &columns) != 0 || columns <= 0))
    columns = 80;
  const std::size_t before_cursor =
      display_width(state_->prompt_text) +
      display_width(
          std::string_view(info->buffer, static_cast<std::size_t>(info->cursor - info->buffer)));
  const std::size_t rows_up = before_cursor / static_cast<std::size_t>(columns);
  std::fputs("\r", stdout);
  if (rows_up > 0) std::fprintf(stdout, "\033[%zuA", rows_up);
  std::fputs("\033[J", stdout);
  std::fflush(stdout);
}

void LineEditor::print(std::string_view text, std::FILE* stream) {
  if (text.empty()) return;
  erase_prompt_area();
  if (!state_->terminal && stream == stdout && !state_->at_line_start) std::fputc('\n', stream);
  if (stream == stdout) state_->at_line_start = true;
  std::fwrite(text.data(), 1, text.size(), stream);
  if (text.back() != '\n') std::fputc('\n', stream);
  std::fflush(stream);
  state_->partial_open = false;
  refresh_prompt();
}

bool LineEditor::output_at_line_start() const noexcept {
  return state_->terminal || state_->at_line_start;
}

void LineEditor::refresh_prompt() {
  if (!state_->terminal) return;
  state_->prompt_text = state_->prompt();
  el_set(state_->el, EL_REFRESH);
}

void LineEditor::print_output(std::string_view text) {
  if (text.empty()) return;
  if (!state_->terminal) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    state_->at_line_start = text.back() == '\n';
    return;
  }
  erase_prompt_area();
  if (state_->partial_open) {
    // Back to where the unfinished line stopped: the end of the row above,
    // or the start of this one if it filled its last row exactly.
    int columns = 0;
    if (el_get(state_->el, EL_GETTC, "co", &columns) != 0 || columns <= 0) columns = 80;
    const std::size_t width = display_width(state_->partial_line);
    const std::size_t column = width % static_cast<std::size_t>(columns);
    if (width == 0 || column != 0) std::fprintf(stdout, "\033[A\033[%zuG", column + 1);
  } else {
    state_->partial_line.clear();
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  const std::size_t last_break = text.rfind('\n');
  if (last_break == std::string_view::npos) {
    state_->partial_line += text;
  } else {
    state_->partial_line.assign(text.substr(last_break + 1));
  }
  state_->partial_open =
      !state_->partial_line.empty() && state_->partial_line.size() <= kMaxPartialLine;
  if (text.back() != '\n') std::fputc('\n', stdout);  // the prompt starts its own line
  std::fflush(stdout);
  refresh_prompt();
}

void LineEditor::clear_line() {
  if (!state_->terminal) return;
  erase_prompt_area();
  restart_line();
}

void LineEditor::resize() {
  if (!state_->terminal) return;
  state_->partial_open = false;  // the terminal may rewrap what is above
  // EL_REFRESH draws from the cursor on: clear the old prompt first. Today's
  // terminals (VTE, kitty, iTerm2, Windows Terminal, tmux) rewrap a wrapped
  // line to the new width, so the prompt's rows are counted in that width;
  // counted in the old one, a narrower window left a stale prompt above.
  winsize size{};
  const int columns = ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
  erase_prompt_area(columns);
  el_resize(state_->el);
  el_set(state_->el, EL_REFRESH);
}

void LineEditor::redraw() {
  if (!state_->terminal) return;
  // Raw mode again (a shell may have reset the terminal while we were
  // stopped), keeping what was typed.
  const LineInfo* info = el_line(state_->el);
  const std::string typed(info->buffer, static_cast<std::size_t>(info->lastchar - info->buffer));
  state_->partial_open = false;
  erase_prompt_area();
  restart_line();
  if (!typed.empty()) {
    el_insertstr(state_->el, typed.c_str());
    std::fputs("\r\033[J", stdout);  // the fresh prompt, drawn again with the text
    el_set(state_->el, EL_REFRESH);
  }
}

}  // namespace tcpc::cli
