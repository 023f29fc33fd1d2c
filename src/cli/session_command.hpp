// SPDX-License-Identifier: MIT
// The interactive session's command language. A line typed at the prompt is
// either text to send or, with a leading '/', a command:
//   /hex 01 03 00 00 00 0a     send bytes
//   /file PATH                 send a file
//   /repeat N INTERVAL DATA    send DATA N times (0: until stopped), INTERVAL
//                              seconds apart ("0.5", "250ms"); DATA is text,
//                              /hex BYTES or /file PATH
//   /view [text|hex|both]  /encoding [NAME|raw]  /eol [none|lf|crlf|cr]
//   /time [on|off]         /save [PATH|off]
//   /frame [SPEC|off]      (SPEC as framer.hpp reads it: line, length:u16be, ...)
//   /append [SPEC|off]     (SPEC as checksum.hpp reads it: crc16-modbus, sum8, ...)
//   /script FILE           run a script (tcpc/script.hpp) over the connection
//   /to [N|new]  /clients  /all DATA  /kick N   (the print server's console)
//   /stats  /help  /quit
// and "//" at the start sends a literal '/'. parse_command() is a pure
// function of the line, so it is unit-tested and fuzzed without a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "chunk_view.hpp"
#include "tcpc/checksum.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/framer.hpp"
#include "tcpc/result.hpp"

namespace tcpc {

enum class LineEnding { none, lf, crlf, cr };

// "none", "lf", "crlf" or "cr" (case-insensitive); else errc::invalid_argument.
Result<LineEnding> parse_line_ending(std::string_view name);
std::string_view line_ending_name(LineEnding eol) noexcept;
// The bytes appended to each typed line: "", "\n", "\r\n" or "\r".
std::string_view line_ending_bytes(LineEnding eol) noexcept;

// What one send puts on the wire.
struct Payload {
  enum class Kind {
    text,   // typed text: encoded, then the line ending appended
    bytes,  // /hex: sent exactly
    file,   // /file: the file's bytes, streamed
  };
  Kind kind = Kind::text;
  std::string value;  // the text, the bytes or the path

  bool operator==(const Payload&) const = default;
};

namespace command {

struct Send {
  Payload payload;
  bool operator==(const Send&) const = default;
};
struct Repeat {
  std::uint64_t count = 0;  // 0: until stopped
  std::chrono::milliseconds interval{0};
  Payload payload;
  bool operator==(const Repeat&) const = default;
};
// For the settings, an empty optional means "show the current value".
struct SetView {
  std::optional<View> view;
  bool operator==(const SetView&) const = default;
};
struct SetEncoding {
  bool show = false;                 // no argument
  std::optional<Encoding> encoding;  // empty (with show false): "raw", bytes as they are
  bool operator==(const SetEncoding&) const = default;
};
struct SetEol {
  std::optional<LineEnding> eol;
  bool operator==(const SetEol&) const = default;
};
struct SetTime {
  std::optional<bool> on;
  bool operator==(const SetTime&) const = default;
};
struct SetFrame {
  bool show = false;               // no argument
  std::optional<FrameSpec> frame;  // empty (with show false): "off", chunks as they come
  bool operator==(const SetFrame&) const = default;
};
struct SetAppend {
  bool show = false;                // no argument
  std::vector<ChecksumSpec> specs;  // empty (with show false): "off"
  bool operator==(const SetAppend&) const = default;
};
struct RunScript {  // the session: FILE run over the connection
  std::string path;
  bool operator==(const RunScript&) const = default;
};
struct Save {
  enum class Action { show, start, stop };
  Action action = Action::show;
  std::string path;  // with start
  bool operator==(const Save&) const = default;
};
struct SelectClient {                   // print server: where typed replies go
  std::optional<std::uint64_t> client;  // empty: the newest client ("/to", "/to new")
  bool operator==(const SelectClient&) const = default;
};
struct SendAll {  // print server: DATA to every connected client
  Payload payload;
  bool operator==(const SendAll&) const = default;
};
struct Clients {  // print server: list the connected clients
  bool operator==(const Clients&) const = default;
};
struct Kick {  // print server: close client #N
  std::uint64_t client = 0;
  bool operator==(const Kick&) const = default;
};
struct Stats {
  bool operator==(const Stats&) const = default;
};
struct Help {
  bool operator==(const Help&) const = default;
};
struct Quit {
  bool operator==(const Quit&) const = default;
};

}  // namespace command

using Command =
    std::variant<command::Send, command::Repeat, command::SetView, command::SetEncoding,
                 command::SetEol, command::SetTime, command::SetFrame, command::SetAppend,
                 command::RunScript, command::Save, command::SelectClient, command::SendAll,
                 command::Clients, command::Kick, command::Stats, command::Help, command::Quit>;

// Parses one typed line (without its newline). Errors are errc::invalid_argument
// (or the hex parser's errc::invalid_hex, errc::unknown_encoding) with a
// one-line message meant for the user, such as
//   "/repeat: N must be a whole number, not 'x'".
Result<Command> parse_command(std::string_view line);

}  // namespace tcpc
