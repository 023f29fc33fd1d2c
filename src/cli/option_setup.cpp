// SPDX-License-Identifier: MIT
#include "option_setup.hpp"

#include <unistd.h>

#include "i18n.hpp"
#include "proxy_password.hpp"

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

// -P USER: the password, before any connection (nc asks the same way).
// SOCKS4 has no password: its user id is all it sends.
Result<void> ask_proxy_password(Options& options) {
  Proxy& proxy = *options.proxy;
  if (proxy.username.empty() || proxy.protocol == ProxyProtocol::socks4) return {};
  auto password = proxy_password(trf("Proxy password for {}@{}: ", proxy.username, proxy.host));
  if (!password) return password.error();
  proxy.password = std::move(*password);
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
  if (options.proxy) {
    if (auto asked = ask_proxy_password(options); !asked) return asked;
  }
  return {};
}

}  // namespace tcpc::cli
