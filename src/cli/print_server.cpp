// SPDX-License-Identifier: MIT
#include "print_server.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <variant>

#include "session_command.hpp"
#include "tcpc/encoding.hpp"

namespace tcpc::cli {
namespace {

// A /file typed at the console is read whole and queued for one client:
// keep it to a size that cannot hurt.
constexpr std::size_t kMaxConsoleFile = 1024 * 1024;

Result<std::string> read_small_file(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return Error(errc::invalid_argument, "/file " + path, std::strerror(errno));
  std::string bytes;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return system_error(errno, "read " + path);
    if (n == 0) return bytes;
    bytes.append(buffer, static_cast<std::size_t>(n));
    if (bytes.size() > kMaxConsoleFile) {
      return Error(errc::invalid_argument, "/file " + path,
                   fmt::format("larger than {} bytes; the print console sends small files only",
                               kMaxConsoleFile));
    }
  }
}

}  // namespace

PrintServer::PrintServer(const Options& options)
    : options_(options),
      view_([&] {
        DisplayOptions display = display_options(options);
        display.time = true;  // a log of many clients: always timed
        return display;
      }()),
      encoding_(options.encoding),
      eol_(options.eol),
      console_wanted_(!options.raw_relay && ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO)) {}

PrintServer::~PrintServer() {
  editor_.reset();  // restores the terminal
}

void PrintServer::show(std::string_view text, std::FILE* stream) {
  if (editor_) {
    editor_->print(text, stream);
  } else {
    std::fwrite(text.data(), 1, text.size(), stream);
    std::fflush(stream);
  }
}

void PrintServer::attach(ServerOptions& server_options) {
  server_options.on_data = [this](const ClientData& data) {
    peers_[data.client] = data.peer.to_string();
    std::string text;
    view_.append(Direction::received, data.bytes, WallClock::now(), text,
                 fmt::format("#{} {}", data.client, data.peer.to_string()));
    show(text, stdout);
  };
  if (console_wanted_) {
    server_options.log = [this](std::string_view line) { show(std::string(line) + "\n", stderr); };
  }
}

std::string PrintServer::prompt() const {
  return target_ == 0 ? std::string("reply> ") : fmt::format("reply to #{}> ", target_);
}

Result<void> PrintServer::start(Server& server) {
  server_ = &server;
  if (!console_wanted_) return {};
  auto signals = SignalPipe::install({SIGWINCH, SIGCONT});
  if (!signals) return signals.error();
  signals_.emplace(std::move(*signals));
  auto editor = LineEditor::open([this] { return prompt(); });
  if (!editor) return editor.error();
  editor_ = std::move(*editor);
  editor_->print(
      "-- type a reply for the newest client (/to N picks client #N), /help for commands\n",
      stderr);
  if (auto watched = server.watch(editor_->fd(), [this] { on_terminal(); }); !watched)
    return watched;
  return server.watch(signals_->fd(), [this] {
    for (int signal : signals_->take()) {
      if (signal == SIGWINCH) editor_->resize();
      if (signal == SIGCONT) editor_->redraw();
    }
  });
}

void PrintServer::on_terminal() {
  LineEditor::Input input = editor_->read();
  if (input.kind == LineEditor::Input::Kind::line) on_line(input.text);
  if (input.kind == LineEditor::Input::Kind::end) server_->stop();
}

Result<std::string> PrintServer::to_bytes(const Payload& payload) {
  switch (payload.kind) {
    case Payload::Kind::bytes:
      return payload.value;
    case Payload::Kind::file:
      return read_small_file(payload.value);
    case Payload::Kind::text:
      break;
  }
  std::string bytes = payload.value;
  if (encoding_ && !encoding_->is_utf8()) {
    auto encoded = encode(*encoding_, payload.value);
    if (!encoded) return encoded.error();
    bytes = std::move(*encoded);
  }
  bytes += line_ending_bytes(eol_);
  return bytes;
}

void PrintServer::send(const Payload& payload) {
  auto bytes = to_bytes(payload);
  if (!bytes) return show("tcpc: " + bytes.error().message() + "\n", stderr);
  auto sent = server_->send_to(target_, *bytes);
  if (!sent) return show("tcpc: " + sent.error().message() + "\n", stderr);
  std::string text;
  view_.append(Direction::sent, *bytes, WallClock::now(), text, fmt::format("#{}", *sent));
  show(text, stdout);
}

void PrintServer::on_line(const std::string& line) {
  auto command = parse_command(line);
  if (!command) return show("tcpc: " + command.error().message() + "\n", stderr);
  auto note = [&](const std::string& text) { show("-- " + text + "\n", stderr); };
  if (auto* send_command = std::get_if<command::Send>(&*command)) {
    send(send_command->payload);
  } else if (auto* select = std::get_if<command::SelectClient>(&*command)) {
    target_ = select->client;
    note(fmt::format("typed text goes to client #{}", target_));
  } else if (auto* set = std::get_if<command::SetView>(&*command)) {
    if (set->view) view_.set_view(*set->view);
    note(fmt::format("view: {}", view_name(view_.options().view)));
  } else if (auto* set = std::get_if<command::SetEncoding>(&*command)) {
    if (!set->show) {
      std::string flushed;
      view_.set_encoding(set->encoding, flushed);
      encoding_ = set->encoding;
    }
    note(fmt::format("encoding: {}", encoding_ ? encoding_->name() : "raw (bytes as they are)"));
  } else if (auto* set = std::get_if<command::SetEol>(&*command)) {
    if (set->eol) eol_ = *set->eol;
    note(fmt::format("eol: {}", line_ending_name(eol_)));
  } else if (std::holds_alternative<command::Help>(*command)) {
    show(command_help(), stderr);
  } else if (std::holds_alternative<command::Quit>(*command)) {
    server_->stop();
  } else {
    note("not in the print server's console: " + line);
  }
}

}  // namespace tcpc::cli
