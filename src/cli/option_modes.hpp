// SPDX-License-Identifier: MIT
// The option-by-mode table: which options have an effect in which mode.
// The parser refuses every other pair before any I/O (exit 2, one line),
// docs/options.md is rendered from it, and tests walk every cell.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tcpc/result.hpp"

namespace tcpc::cli {

// The columns: what tcpc runs. A mode is decided by -l, -u, -z, --mode,
// --send/--hex/--file, --interactive and, for pipe or session, the terminal.
enum class RunMode : std::uint8_t {
  pipe,           // HOST PORT through pipes
  oneshot,        // HOST PORT --send/--hex/--file
  session,        // HOST PORT on a terminal, or --interactive
  guided,         // no arguments
  listen,         // -l PORT
  serve_echo,     // -l PORT --mode echo
  serve_reply,    // --mode reply TEXT
  serve_discard,  // --mode discard
  serve_print,    // --mode print
  serve_source,   // --mode source N
  scan,           // -z HOST PORTS
  udp_pipe,       // -u HOST PORT
  udp_oneshot,    // -u HOST PORT --send/--hex/--file
  udp_listen,     // -u -l PORT
  udp_echo,       // -u -l PORT --mode echo
  udp_reply,
  udp_discard,
  udp_print,
  udp_source,
  script,         // HOST PORT --script FILE
  listen_script,  // -l PORT --script FILE
};
inline constexpr std::size_t kRunModeCount = 21;

using ModeSet = std::uint32_t;

constexpr ModeSet bit(RunMode mode) {
  return ModeSet{1} << static_cast<unsigned>(mode);
}

// A refusal: the modes it covers and why (a msgid, translated when shown).
struct Refusal {
  ModeSet modes = 0;
  const char* reason = nullptr;
};

// One row: an option as --help names it first ("-o" for -o,--output).
struct OptionRow {
  std::string_view name;
  ModeSet works;           // the option has an effect here
  ModeSet not_applicable;  // the option itself picks another mode (--send is never pipe mode)
  Refusal refusals[6];     // every other mode, each with its reason
  const char* unix_refusal = nullptr;  // with -U whatever the mode; nullptr: as the mode says
  const char* tls_refusal = nullptr;   // with --tls whatever the mode
  // With --exec or --sh-exec (pipe mode and -l): the program, not the
  // terminal, has the connection's bytes.
  const char* exec_refusal = nullptr;
};

// How an option stands in one mode.
enum class Support : std::uint8_t { works, refused, not_applicable };

std::span<const OptionRow> option_table();
const OptionRow* find_option_row(std::string_view name);
Support support(const OptionRow& row, RunMode mode);
// The msgid that says why `row` is refused in `mode`; nullptr if it is not.
const char* refusal_reason(const OptionRow& row, RunMode mode);

// For messages: "--mode echo", "-u -l", "pipe mode" (a msgid).
const char* mode_label(RunMode mode);
// For docs/options.md's header: "pipe", "-u echo".
const char* mode_column(RunMode mode);

// Where the run stands: its mode and the transports that apply to all modes.
struct ModeContext {
  RunMode mode = RunMode::guided;
  bool unix_socket = false;  // -U
  bool tls = false;          // --tls
  bool exec = false;         // --exec, --sh-exec
};

// The first of `given` (option names as the table has them) that the table
// refuses in `context`, as a usage error in the user's language:
// "-o is not available with --mode echo: <why>". Names not in the table
// (the ones that pick the mode) pass.
Result<void> check_option_modes(const std::vector<std::string>& given, const ModeContext& context);

// docs/options.md: the table, then every refusal with its reason (English).
std::string options_markdown();

}  // namespace tcpc::cli
