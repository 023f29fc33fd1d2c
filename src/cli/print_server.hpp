// SPDX-License-Identifier: MIT
// The print server (`tcpc -l PORT --mode print`): every client's data on
// stdout with the time, the client's number and address, in the chosen view.
// On a terminal it is also a console: typed lines (and /hex, /file) go to
// the newest client, or to the one chosen with /to N.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "chunk_view.hpp"
#include "line_editor.hpp"
#include "options.hpp"
#include "signal_pipe.hpp"
#include "tcpc/server.hpp"

namespace tcpc::cli {

class PrintServer {
 public:
  explicit PrintServer(const Options& options);
  ~PrintServer();

  // Sets on_data (and, for the console, log) in the server's options.
  void attach(ServerOptions& server_options);
  // With a terminal, opens the console on the server's loop.
  Result<void> start(Server& server);

 private:
  void show(std::string_view text, std::FILE* stream);
  void on_terminal();
  void on_line(const std::string& line);
  Result<std::string> to_bytes(const Payload& payload);
  void send(const Payload& payload);
  std::string prompt() const;

  const Options& options_;
  ChunkView view_;
  std::optional<Encoding> encoding_;
  LineEnding eol_;
  bool console_wanted_;
  Server* server_ = nullptr;
  std::unique_ptr<LineEditor> editor_;
  std::optional<SignalPipe> signals_;
  std::uint64_t target_ = 0;  // 0: the newest client
  std::map<std::uint64_t, std::string> peers_;
};

}  // namespace tcpc::cli
