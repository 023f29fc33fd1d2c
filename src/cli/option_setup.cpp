// SPDX-License-Identifier: MIT
#include "option_setup.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "error_text.hpp"
#include "i18n.hpp"
#include "proxy_password.hpp"
#include "tcpc/fd.hpp"

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

// -S: the TCP MD5 key. From TCPC_MD5_KEY, or asked on the terminal with
// echo off as Debian's nc asks for it; never from the command line, where
// every user could read it (ps).
Result<void> read_md5_key(Options& options) {
  std::string key;
  if (const char* from_env = std::getenv("TCPC_MD5_KEY")) {
    key = from_env;
  } else {
    Fd tty(::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY));
    if (!tty)
      return usage("-S needs the TCP MD5 key: set TCPC_MD5_KEY, or run on a terminal to be asked");
    const std::string prompt = tr("TCP MD5 key: ");
    [[maybe_unused]] ssize_t shown = ::write(tty.get(), prompt.data(), prompt.size());
    // No echo, and keys taken one by one: Enter ends, Ctrl-C or Ctrl-D
    // (on an empty key) cancels, with the terminal put back either way (a
    // signal would leave it without echo).
    termios saved{};
    const bool raw = ::tcgetattr(tty.get(), &saved) == 0;
    if (raw) {
      termios keys = saved;
      keys.c_lflag &= ~static_cast<tcflag_t>(ECHO | ICANON | ISIG);
      keys.c_cc[VMIN] = 1;
      keys.c_cc[VTIME] = 0;
      ::tcsetattr(tty.get(), TCSAFLUSH, &keys);
    }
    bool cancelled = false;
    char c = 0;
    while (::read(tty.get(), &c, 1) == 1 && c != '\n' && c != '\r') {
      if (c == 3 || (c == 4 && key.empty())) {
        cancelled = true;
        break;
      }
      if (c == 127 || c == 8) {
        if (!key.empty()) key.pop_back();
      } else if (key.size() <= 80) {
        key += c;
      }
    }
    if (raw) ::tcsetattr(tty.get(), TCSAFLUSH, &saved);
    [[maybe_unused]] ssize_t newline = ::write(tty.get(), "\n", 1);
    if (cancelled) return usage("-S: no TCP MD5 key given");
  }
  if (key.empty() || key.size() > 80) return usage("the TCP MD5 key must be 1 to 80 bytes");
  options.socket_settings.md5_key = std::move(key);
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
  if (listens) {
    if (auto loaded = load_access(options); !loaded) return loaded;
  }
  if (options.md5) {
    if (auto read = read_md5_key(options); !read) return read;
  }
  return {};
}

}  // namespace tcpc::cli
