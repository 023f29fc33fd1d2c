// SPDX-License-Identifier: MIT
// Command-line options: single letters keep OpenBSD nc's meanings, tcpc's
// own features are long options.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tcpc/address.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/result.hpp"
#include "tcpc/socket.hpp"
#include "tls_options.hpp"

namespace tcpc::cli {

enum class Mode {
  guided,   // no arguments: the tutorial's six steps, with prompts
  oneshot,  // HOST PORT --send/--hex/--file
  pipe,     // HOST PORT: stdin to the server, the server to stdout
  listen,   // -l: one client relayed to the terminal, like nc -l
  serve,    // -l --mode echo: many clients, until stopped
};

// What the user asked for, checked and converted before any I/O.
struct Options {
  Mode mode = Mode::guided;
  std::string host;  // empty with -l means any address
  std::uint16_t port = 0;
  int verbose = 0;

  // Addressing (-4 -6 -n -s -p).
  Family family = Family::any;
  bool numeric = false;
  std::optional<Endpoint> source;  // client: bind before connect

  // Timing: -w is the connect timeout and the idle timeout.
  std::optional<Milliseconds> timeout;

  // Data.
  std::optional<std::string> send_text;  // --send, escapes already applied
  std::optional<std::string> send_hex;   // --hex, already parsed to bytes
  std::optional<std::string> send_file;  // --file PATH
  std::optional<Encoding> encoding;      // --encoding: convert text both ways
  Undecodable undecodable = Undecodable::replace;
  std::uint64_t recv_size = 0;  // 0: no limit (guided mode: 1024)
  bool keep_open = false;       // one-shot: do not half-close after sending
  bool no_stdin = false;        // -d

  // Listening.
  bool keep_listening = false;  // -k
  bool once = false;            // --once
  std::size_t max_clients = 0;

  // TLS: --tls and its options (tls_options.hpp).
  TlsOptions tls;
};

// Either options to run, or an exit code for main to return right away
// (after --help, --version or a usage error already printed).
struct ParseOutcome {
  std::optional<Options> options;
  int exit_code = 0;
};

ParseOutcome parse_options(int argc, char** argv);

}  // namespace tcpc::cli
