// SPDX-License-Identifier: MIT
// The print server (`tcpc -l PORT --mode print`): every client's data on
// stdout with the time, the client's number and address, in the chosen view.
// On a terminal it is also a console (console_commands.hpp, the session's
// handler): typed lines (and /hex, /file) go to the newest client, or to the
// one chosen with /to N; /all sends to every client, /clients lists them,
// /kick N closes one.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "console_commands.hpp"
#include "line_editor.hpp"
#include "options.hpp"
#include "signal_pipe.hpp"
#include "tcpc/server.hpp"

namespace tcpc::cli {

class PrintServer final : public Console {
 public:
  explicit PrintServer(const Options& options);
  ~PrintServer() override;

  // Sets on_data and on_sent in the server's options (the caller routes the
  // log above the console's prompt through print()).
  void attach(ServerOptions& server_options);
  // With a terminal, opens the console on the server's loop.
  Result<void> start(Server& server);
  // Whether a console was opened (its user sees the totals at the end).
  bool has_console() const noexcept { return console_wanted_; }
  // Ctrl-C at the console (with no /repeat to stop) stopped the server.
  bool interrupted() const noexcept { return interrupted_; }

  // Console.
  void print(std::string_view text, Text kind) override;
  void send(Outgoing outgoing) override;
  void quit() override;
  void repeat(const command::Repeat& repeat, std::string bytes) override;
  std::string stats() override;
  void select_client(std::optional<std::uint64_t> client) override;
  void list_clients() override;
  void send_to_all(Outgoing outgoing) override;
  void kick(std::uint64_t client) override;

 private:
  static ConsoleSpec spec();
  void on_terminal();
  void problem(std::string_view text);
  void notice(std::string_view text);
  void show_sent(std::string_view bytes, std::string_view label);
  std::string prompt() const;

  // A /file going to one client, read a piece at a time as it takes them.
  struct FileSend {
    Fd file;
    std::string path;
    std::uint64_t size = 0;  // 0: not a regular file, size unknown
    std::uint64_t sent = 0;  // handed to the server so far
    unsigned tenths = 0;     // progress reported so far
  };
  void on_signals();
  void repeat_tick();
  void stop_repeat();
  void start_file(Outgoing outgoing);
  void feed(std::uint64_t client, std::size_t queued);
  void forget_departed_files();

  const Options& options_;
  ConsoleCommands commands_;
  bool console_wanted_;
  Server* server_ = nullptr;
  std::unique_ptr<LineEditor> editor_;
  std::optional<SignalPipe> signals_;
  std::uint64_t target_ = 0;                 // 0: the newest client
  std::map<std::uint64_t, FileSend> files_;  // by client
  // /repeat: what to send, how often, and the timer that says when.
  struct RepeatState {
    std::string bytes;
    std::uint64_t count = 0;  // 0: until Ctrl-C
    std::uint64_t done = 0;
  };
  std::optional<RepeatState> repeat_;
  Fd timer_;  // a timerfd the server's loop watches (Linux)
  bool interrupted_ = false;
};

}  // namespace tcpc::cli
