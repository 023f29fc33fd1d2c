// SPDX-License-Identifier: MIT
// Which mode the command line asks for. Options that pick two modes at once
// are refused here, like nc's "cannot use -z and -l"; every other option is
// then held to the option-by-mode table (option_modes.cpp).
#include "error_text.hpp"
#include "option_raw.hpp"

namespace tcpc::cli::parsing {
namespace {

// The options that pick the mode may not contradict each other.
Result<void> check_mode_choices(const RawOptions& raw) {
  if (raw.listen && raw.scan)
    return usage("cannot use -l and -z: -z checks ports, -l waits for a client");
  if (raw.scan && raw.udp) return usage("cannot use -z and -u: UDP has no handshake to check");
  if (raw.udp && !raw.listen && raw.positionals.empty()) return usage("-u needs HOST PORT");
  if (!raw.server_mode.empty() && !raw.listen)
    return usage("--mode needs -l: tcpc -l PORT --mode echo");
  return {};
}

// -l with --mode NAME (or only --reply / --source-bytes, which imply it).
Result<RunMode> server_mode(const RawOptions& raw) {
  std::string name = raw.server_mode;
  if (name.empty()) name = raw.source_bytes.empty() ? "reply" : "source";
  struct Named {
    const char* name;
    RunMode tcp;
    RunMode udp;
  };
  static constexpr Named kModes[] = {
      {"echo", RunMode::serve_echo, RunMode::udp_echo},
      {"reply", RunMode::serve_reply, RunMode::udp_reply},
      {"discard", RunMode::serve_discard, RunMode::udp_discard},
      {"print", RunMode::serve_print, RunMode::udp_print},
      {"source", RunMode::serve_source, RunMode::udp_source},
  };
  for (const Named& mode : kModes) {
    if (name == mode.name) return raw.udp ? mode.udp : mode.tcp;
  }
  return usage("unknown --mode '{}' (supported: echo, discard, print, reply, source)", name);
}

}  // namespace

Result<ModeContext> decide_mode(const RawOptions& raw) {
  const bool has_data = !raw.send_text.empty() || !raw.send_hex.empty() || !raw.send_file.empty();
  const bool serves = !raw.server_mode.empty() || !raw.reply.empty() || !raw.reply_hex.empty() ||
                      !raw.source_bytes.empty() || !raw.rules.empty() || !raw.rules_file.empty() ||
                      !raw.rule_delay.empty();
  if (auto checked = check_mode_choices(raw); !checked) return checked.error();
  ModeContext context;
  context.unix_socket = raw.unix_socket;
  context.tls = raw.tls.tls;
  context.exec = !raw.exec.empty() || !raw.sh_exec.empty();
  if (raw.scan) {
    context.mode = RunMode::scan;
  } else if (!raw.script_file.empty() && !raw.udp && raw.listen && raw.server_mode.empty()) {
    context.mode = RunMode::listen_script;
  } else if (raw.listen && serves) {
    auto mode = server_mode(raw);
    if (!mode) return mode.error();
    context.mode = *mode;
  } else if (raw.listen) {
    context.mode = raw.udp ? RunMode::udp_listen : RunMode::listen;
  } else if (raw.positionals.empty() && !raw.unix_socket) {
    context.mode = RunMode::guided;
  } else if (has_data) {
    context.mode = raw.udp ? RunMode::udp_oneshot : RunMode::oneshot;
  } else if (!raw.script_file.empty() && !raw.udp) {
    context.mode = RunMode::script;
  } else if (raw.udp) {
    context.mode = RunMode::udp_pipe;
  } else {
    // Pipe mode until settle_terminal() finds a terminal (options.cpp).
    context.mode = raw.interactive ? RunMode::session : RunMode::pipe;
  }
  return context;
}

}  // namespace tcpc::cli::parsing
