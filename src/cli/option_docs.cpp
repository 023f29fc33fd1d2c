// SPDX-License-Identifier: MIT
// docs/options.md, rendered from the option-by-mode table (option_modes.cpp),
// in English. The unit test OptionDocs compares the file with it.
#include <fmt/format.h>

#include "option_modes.hpp"

namespace tcpc::cli {
namespace {

constexpr const char* kIntro = R"(# Options by mode

Which options have an effect in which mode. tcpc refuses every other pair
before any I/O, with exit code 2 and one line that says why:

    $ tcpc -l 0 --mode echo -o out.bin
    tcpc: -o is not available with --mode echo: -o saves one connection's data; --mode serves many clients

This file is generated from the table in `src/cli/option_modes.cpp`; the
unit test `OptionDocs` fails when the two differ (run it with
`TCPC_WRITE_OPTIONS_MD=1` to rewrite this file). The options that choose the
mode (`-l`, `-u`, `-z`, `--mode`) are the columns, not rows.

Columns: **pipe** `tcpc HOST PORT` through pipes (or `--raw`); **one-shot**
`tcpc HOST PORT --send/--hex/--file`; **session** `tcpc HOST PORT` on a
terminal, or `--interactive`; **guided** `tcpc` alone; **-l** `tcpc -l PORT`;
**echo** ... **source** `tcpc -l PORT --mode echo|reply|discard|print|source`;
**-z** `tcpc -z HOST PORTS`; **-u**, **-u --send**, **-u -l**, **-u echo** ...
the same over UDP. The last three columns apply on top of any mode: **-U**
(a Unix socket path instead of HOST PORT), **--tls**, and **--exec** (also
`--sh-exec`: a program has the connection's bytes, in pipe mode and `-l`).

✓ has an effect; ✗ refused (the reason is below the table); · cannot occur
(the option itself picks another mode, as `--send` picks one-shot mode).
)";

const char* cell(Support support) {
  switch (support) {
    case Support::works:
      return "✓";
    case Support::refused:
      return "✗";
    case Support::not_applicable:
      return "·";
  }
  return "?";
}

RunMode mode_at(std::size_t index) {
  return static_cast<RunMode>(index);
}

std::string table() {
  std::string out = "| option |";
  std::string rule = "|---|";
  for (std::size_t i = 0; i < kRunModeCount; ++i) {
    out += fmt::format(" {} |", mode_column(mode_at(i)));
    rule += ":-:|";
  }
  out += " -U | --tls | --exec |\n" + rule + ":-:|:-:|:-:|\n";
  for (const OptionRow& row : option_table()) {
    out += fmt::format("| `{}` |", row.name);
    for (std::size_t i = 0; i < kRunModeCount; ++i)
      out += fmt::format(" {} |", cell(support(row, mode_at(i))));
    out += fmt::format(" {} | {} | {} |\n", row.unix_refusal ? "✗" : "✓",
                       row.tls_refusal ? "✗" : "✓", row.exec_refusal ? "✗" : "✓");
  }
  return out;
}

// Each refusal of `row`: the modes it covers, then why.
std::string reasons(const OptionRow& row) {
  std::string out;
  for (const Refusal& refusal : row.refusals) {
    if (!refusal.reason) continue;
    std::string where;
    for (std::size_t i = 0; i < kRunModeCount; ++i) {
      if (refusal_reason(row, mode_at(i)) != refusal.reason || !(refusal.modes & bit(mode_at(i))))
        continue;
      if (!where.empty()) where += ", ";
      where += mode_label(mode_at(i));
    }
    if (!where.empty()) out += fmt::format("  - with {}: {}\n", where, refusal.reason);
  }
  if (row.unix_refusal) out += fmt::format("  - with -U: {}\n", row.unix_refusal);
  if (row.tls_refusal) out += fmt::format("  - with --tls: {}\n", row.tls_refusal);
  if (row.exec_refusal) out += fmt::format("  - with --exec: {}\n", row.exec_refusal);
  return out.empty() ? out : fmt::format("- `{}`\n{}", row.name, out);
}

}  // namespace

std::string options_markdown() {
  std::string out = kIntro;
  out += "\n" + table() + "\n## Why an option is refused\n\n";
  for (const OptionRow& row : option_table())
    out += reasons(row);
  return out;
}

}  // namespace tcpc::cli
