// SPDX-License-Identifier: MIT
// `tcpc --help`: the options in groups by what the user is doing, always in
// the same order, then the modes and worked examples; all of it translated.
#pragma once

#include <CLI/CLI.hpp>

#include "i18n.hpp"

namespace tcpc::cli::help {

// The option groups (msgids), in the order --help shows them. Each option
// goes into one with options_in(app, tr(help::kClient)).add_option(...).
inline constexpr const char* kGeneral = tr_noop("General");
inline constexpr const char* kClient = tr_noop("Connecting (client)");
inline constexpr const char* kServer = tr_noop("Listening (server, with -l)");
inline constexpr const char* kSending = tr_noop("Sending");
inline constexpr const char* kDisplay = tr_noop("Display & encoding");
inline constexpr const char* kStats =
    tr_noop("Statistics (what TCP did, from the kernel's TCP_INFO)");
inline constexpr const char* kTls = "TLS";
inline constexpr const char* kNetcat = tr_noop("Netcat compatibility");

// Description, -h/--help, --version, the grouped formatter and the footer.
void set_up(CLI::App& app, const std::string& version);

// Where the options of the --help group `label` are added: a nameless CLI11
// option group of `app` (made on first use), parsed as if its options were
// app's own, whose options get `label` as their group. Why not app itself:
// CLI11 compares each new option's names with every option already in the
// same App, and with all of tcpc's options in one that quadratic check was
// a third of the instructions tcpc ran to send "hello" and exit.
CLI::App& options_in(CLI::App& app, const std::string& label);

}  // namespace tcpc::cli::help
