// SPDX-License-Identifier: MIT
// tcpc's entry point: parse, run the mode, and turn any error into one line
// on stderr and a documented exit code (see exit_code.hpp).
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <cstring>

#include "bench.hpp"
#include "error_text.hpp"
#include "exit_code.hpp"
#include "i18n.hpp"
#include "modes.hpp"
#include "netcat.hpp"
#include "options.hpp"
#include "standard_fds.hpp"
#include "tcpc/tls.hpp"
#include "tls_binary.hpp"

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

  // `tcpc bench ...` has its own command line.
  if (argc > 1 && std::strcmp(argv[1], "bench") == 0) return run_bench(argc - 1, argv + 1);

  ParseOutcome parsed = parse_options(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  const Options& options = *parsed.options;

  tcpc::Result<int> result = 0;
  // TLS is for TCP connections: never fall back to plain TCP silently.
  if (options.tls.enabled && (options.udp || options.unix_path || options.mode == Mode::scan)) {
    fmt::print(stderr, "tcpc: --tls works with TCP connections (not with -u, -U or -z)\n");
    return kUsage;
  }

  switch (options.mode) {
    case Mode::guided:
      result = run_guided(options);
      break;
    case Mode::oneshot:
    case Mode::pipe:
      result = options.udp ? run_udp_client(options) : run_client(options);
      break;
    case Mode::listen:
      result = options.udp ? run_udp_listen(options) : run_listen(options);
      break;
    case Mode::serve:
      result = options.udp ? run_udp_listen(options) : run_server(options);
      break;
    case Mode::scan:
      result = run_scan(options);
      break;
    case Mode::session:
      result = run_session(options);
      break;
  }
  std::fflush(stdout);
  if (!result) {
    fmt::print(stderr, "tcpc: {}\n", localized_message(result.error()));
    return exit_code_for(result.error());
  }
  return *result;
}
