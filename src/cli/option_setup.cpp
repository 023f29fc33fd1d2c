// SPDX-License-Identifier: MIT
#include "option_setup.hpp"

#include <unistd.h>

namespace tcpc::cli {
namespace {

// -s ADDR / -p PORT of a client or -z: the local address to bind first.
// One that does not resolve is a bad option value (exit 2), as before any I/O.
Result<void> resolve_source(Options& options) {
  ResolveOptions resolve_options;
  resolve_options.family = options.family;
  resolve_options.passive = true;
  resolve_options.numeric_host = options.numeric;
  auto endpoints = resolve(options.source_address, options.source_port, resolve_options);
  if (!endpoints) return Error(errc::invalid_host, "", endpoints.error().message());
  options.source = endpoints->front();
  return {};
}

// -l -n HOST: the listener takes HOST as it is; with -n it must be numeric,
// as a client's -n asks (the same error when it is not).
Result<void> check_numeric_listen_host(const Options& options) {
  ResolveOptions resolve_options;
  resolve_options.family = options.family;
  resolve_options.passive = true;
  resolve_options.numeric_host = true;
  auto endpoints = resolve(options.host, options.port, resolve_options);
  if (!endpoints) return endpoints.error();
  return {};
}

// --allow/--deny and their files: names resolved now (as ncat does), with
// -4/-6 and -n as for any host. A bad entry is a bad option value.
Result<void> load_access(Options& options) {
  ResolveOptions resolve_options;
  resolve_options.family = options.family;
  resolve_options.numeric_host = options.numeric;
  AccessPolicy& access = options.access;
  access.allow_listed = !options.allow.empty() || !options.allow_files.empty();
  for (const std::string& entry : options.allow) {
    if (auto added = access.allow.add(entry, resolve_options); !added) return added;
  }
  for (const std::string& path : options.allow_files) {
    if (auto added = access.allow.add_file(path, resolve_options); !added) return added;
  }
  for (const std::string& entry : options.deny) {
    if (auto added = access.deny.add(entry, resolve_options); !added) return added;
  }
  for (const std::string& path : options.deny_files) {
    if (auto added = access.deny.add_file(path, resolve_options); !added) return added;
  }
  return {};
}

}  // namespace

Result<void> prepare_to_run(Options& options) {
  const bool on_terminal = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
  if (auto settled = settle_terminal(options, on_terminal); !settled) return settled;
  const bool listens = options.mode == Mode::listen || options.mode == Mode::serve;
  if (!listens && options.wants_source()) {
    if (auto resolved = resolve_source(options); !resolved) return resolved;
  }
  if (listens && options.numeric && !options.host.empty() && !options.udp && !options.unix_path) {
    if (auto checked = check_numeric_listen_host(options); !checked) return checked;
  }
  if (listens) {
    if (auto loaded = load_access(options); !loaded) return loaded;
  }
  return {};
}

}  // namespace tcpc::cli
