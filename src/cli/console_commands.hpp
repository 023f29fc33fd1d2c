// SPDX-License-Identifier: MIT
// The one command handler of tcpc's two consoles: the interactive session
// (`tcpc HOST PORT` on a terminal) and the print server's console
// (`tcpc -l PORT --mode print`). A typed line is parsed (session_command.hpp)
// and executed here: the settings (/view, /time, /encoding, /eol, /save) and
// /help are done here for both; what only a console can do (send, repeat,
// pick a client, report) is asked of it through the Console interface. Each
// console lists the commands it offers; /help shows exactly those, and any
// other command is refused with a line that says so.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chunk_view.hpp"
#include "frame_view.hpp"
#include "received_file.hpp"
#include "session_command.hpp"
#include "tcpc/fd.hpp"
#include "tcpc/result.hpp"

namespace tcpc::cli {

// The commands a console may offer. Typed text is always sent.
enum class ConsoleCommand {
  hex,
  file,
  repeat,
  view,
  time,
  frame,
  append,
  script,
  encoding,
  eol,
  save,
  stats,
  to,
  clients,
  all,
  kick,
  help,
  quit,
};

// Which command a parsed line is; empty for typed text.
std::optional<ConsoleCommand> console_command_of(const Command& command);
// "/hex", "/file", ...
std::string_view console_command_name(ConsoleCommand command);

// One command a console offers; `help` replaces the usual /help text (the
// print console's /file has a size limit).
struct ConsoleFeature {
  ConsoleCommand command;
  const char* help = nullptr;  // untranslated (tr_noop); nullptr: the usual text
};

// What to send: bytes ready to go, or a file opened for reading.
struct Outgoing {
  std::string bytes;
  Fd file;           // open: the file's bytes, read as they go
  std::string path;  // with file
};

// Opens PATH for /file: a missing file or a directory is said in one line,
// "/file /tmp: is a directory", as --file says it.
Result<Fd> open_for_sending(const std::string& path);

// What the handler needs of a console.
class Console {
 public:
  enum class Text {
    output,   // what the view shows (stdout)
    notice,   // "-- ..." lines
    problem,  // "tcpc: ..." lines (stderr)
  };
  virtual ~Console() = default;
  // Shows `text` (one or more whole lines) above the prompt.
  virtual void print(std::string_view text, Text kind) = 0;
  virtual void send(Outgoing outgoing) = 0;
  virtual void quit() = 0;
  // The rest are called only for the commands the console offers.
  virtual void repeat(const command::Repeat& repeat, std::string bytes);  // bytes: not for a file
  virtual std::string stats();
  virtual void select_client(std::optional<std::uint64_t> client);
  virtual void list_clients();
  virtual void send_to_all(Outgoing outgoing);
  virtual void kick(std::uint64_t client);
  virtual void run_script(const std::string& path);
};

struct ConsoleSpec {
  std::string name;                      // "the session", in the user's language
  std::vector<ConsoleFeature> features;  // in /help's order
  std::string help_intro;                // /help's first line
  std::string help_outro;                // and its last lines (keys), may be empty
};

class ConsoleCommands {
 public:
  // `frame`: the received stream cut into frames from the start (--frame).
  ConsoleCommands(Console& console, ConsoleSpec spec, DisplayOptions display, LineEnding eol,
                  std::optional<FrameSpec> frame = std::nullopt);

  // Parses and runs one typed line (without its line break).
  void on_line(std::string_view line);
  void execute(const Command& command);

  bool offers(ConsoleCommand command) const;
  // Exactly the offered commands, one per line (long ones wrapped).
  std::string help() const;

  // The settings both consoles share.
  ChunkView& view() noexcept { return view_; }
  // Received bytes go through this to the view (/frame).
  FrameView& frames() noexcept { return frames_; }
  const FrameView& frames() const noexcept { return frames_; }
  const std::optional<Encoding>& encoding() const noexcept { return encoding_; }
  // --append, /append: checksums added to each typed line, /hex and /repeat
  // (a /file is a stream and goes as it is).
  void set_append(std::vector<ChecksumSpec> specs) { append_ = std::move(specs); }
  // Typed text encoded (--encoding, /encoding) with the line ending; bytes as
  // they are; a file opened.
  // With --append's checksums after text and bytes.
  Result<Outgoing> prepare(const Payload& payload) const;
  // -o FILE: received bytes saved from the start (truncating), as /save does.
  Result<void> save_from_start(const std::string& path);
  // Every received chunk, for /save and -o. A write failure stops saving,
  // with a problem line.
  void saw_received(std::string_view bytes);

 private:
  void problem(std::string_view text);
  void notice(std::string_view text);
  void set_encoding(const command::SetEncoding& set);
  void save(const command::Save& save);
  void set_frame(const command::SetFrame& set);
  void set_append(const command::SetAppend& set);

  Console& console_;
  ConsoleSpec spec_;
  ChunkView view_;
  FrameView frames_;
  std::optional<Encoding> encoding_;
  LineEnding eol_;
  std::vector<ChecksumSpec> append_;
  std::optional<ReceivedFile> save_;
};

}  // namespace tcpc::cli
