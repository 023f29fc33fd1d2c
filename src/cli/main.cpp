// SPDX-License-Identifier: MIT
// tcpc's entry point: parse, settle what needs the system, run the mode, and
// turn any error into one line on stderr and a documented exit code (see
// exit_code.hpp). This is the one place errors become exit codes.
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <string_view>

#include "bench.hpp"
#include "checksum_command.hpp"
#include "error_text.hpp"
#include "exit_code.hpp"
#include "i18n.hpp"
#include "modes.hpp"
#include "netcat.hpp"
#include "option_setup.hpp"
#include "options.hpp"
#include "standard_fds.hpp"
#include "tcpc/tls/tls.hpp"
#include "tls_binary.hpp"

namespace {

using namespace tcpc::cli;

// How `tcpc checksum`'s error lines start (a command name: not translated).
constexpr const char* kChecksumProgram = "tcpc checksum";

tcpc::Result<int> run_mode(Options& options) {
  if (auto prepared = prepare_to_run(options); !prepared) return prepared.error();
  switch (options.mode) {
    case Mode::guided:
      return run_guided(options);
    case Mode::oneshot:
    case Mode::pipe:
      return options.udp ? run_udp_client(options) : run_client(options);
    case Mode::listen:
    case Mode::serve:
      if (options.udp) return run_udp_listen(options);
      return options.mode == Mode::listen ? run_listen(options) : run_server(options);
    case Mode::scan:
      return run_scan(options);
    case Mode::session:
      return run_session(options);
    case Mode::script:
      return run_script(options);
  }
  return kSuccess;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tcpc::cli;
  // Before any descriptor is opened, the catalogs' included (standard_fds.hpp).
  const StandardFds standard_fds = ensure_standard_fds();
  // Writing to a closed stdout pipe must end the relay cleanly, not kill us;
  // sockets already use MSG_NOSIGNAL.
  std::signal(SIGPIPE, SIG_IGN);
  init_messages();  // English unless LC_MESSAGES asks for a language tcpc has
  if (!warn_about(standard_fds)) return kUsage;

  // TLS runs in tcpc-tls (tls_binary.hpp); plain runs never load OpenSSL.
  if (!tcpc::tls::available() && mentions_tls(argc, argv)) return exec_tls_binary(argv);

  // `tcpc checksum`: no network, no options of the rest.
  if (argc > 1 && std::string_view(argv[1]) == "checksum") {
    auto result = run_checksum_command(argc - 1, argv + 1);
    std::fflush(stdout);
    if (result) return *result;
    fmt::print(stderr, "{}: {}\n", kChecksumProgram, localized_message(result.error()));
    return exit_code_for(result.error());
  }

  ParseOutcome parsed = parse_options(argc, argv);
  tcpc::Result<int> result = kSuccess;
  if (parsed.error) {
    result = *parsed.error;
  } else if (parsed.bench) {
    result = run_bench(*parsed.bench);
  } else if (parsed.options) {
    result = run_mode(*parsed.options);
  } else {
    fmt::print("{}", parsed.text);  // --help, --version
  }
  std::fflush(stdout);
  if (!result) {
    fmt::print(stderr, "{}: {}\n", parsed.program, localized_message(result.error()));
    return exit_code_for(result.error());
  }
  return *result;
}
