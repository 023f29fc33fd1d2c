// SPDX-License-Identifier: MIT
// -z: which ports of one host accept a connection. Like nc's -z reports,
// the results go to stderr, so a script's stdout stays what it was with nc:
//   127.0.0.1 22 open
//   127.0.0.1 23 closed (Connection refused)      (-v only)
//   127.0.0.1 24 timeout (no answer within 2 s)   (-v only)
// Exit 0 if any port is open, 1 otherwise, as nc.
#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <vector>

#include <chrono>
#include <cstdio>

#include "error_text.hpp"
#include "exit_code.hpp"
#include "netcat.hpp"
#include "tcpc/port_scan.hpp"
#include "tcpc/proxy.hpp"

namespace tcpc::cli {
namespace {

// Same as the client's: long enough for a slow network, short enough that a
// filtered port does not look like a hang.
constexpr Milliseconds kDefaultConnectTimeout{10'000};

void print_report(const std::string& target, const PortReport& report, bool verbose) {
  if (report.state != PortState::open && !verbose) return;
  if (report.reason.empty()) {
    fmt::print(stderr, "{} {}\n", target, to_string(report.state));
  } else {
    fmt::print(stderr, "{} {} ({})\n", target, to_string(report.state), report.reason);
  }
  std::fflush(stderr);
}

// -z -U PATH: one check, on a Unix socket.
Result<int> check_unix_socket(const Options& options) {
  ConnectOptions connect_options;
  connect_options.timeout = options.timeout.value_or(kDefaultConnectTimeout);
  auto socket = connect(*options.unix_path, connect_options);
  PortReport report;
  if (socket) {
    report.state = PortState::open;
  } else {
    const auto& code = socket.error().code();
    report.state = code == std::errc::connection_refused ? PortState::closed
                   : code == std::errc::timed_out        ? PortState::timeout
                                                         : PortState::failed;
    report.reason = code.message();
  }
  print_report(options.unix_path->to_string(), report, options.verbose > 0);
  return report.state == PortState::open ? kSuccess : kNetworkFailure;
}

// -z -x PROXY: the proxy tries each port in turn and says whether it could
// connect. A failure of the proxy itself (refused, wrong password) ends the
// scan: it says nothing about the ports.
Result<int> check_through_proxy(const Options& options) {
  ConnectOptions connect_options;
  connect_options.timeout = options.timeout.value_or(kDefaultConnectTimeout);
  connect_options.local = options.source;
  bool any_open = false;
  for (const std::uint16_t port : options.scan_ports) {
    auto socket = connect(*options.proxy, options.host, port, connect_options);
    PortReport report;
    report.port = port;
    if (socket) {
      report.state = PortState::open;
      any_open = true;
    } else {
      const Error& error = socket.error();
      const bool about_the_port =
          error.reason() == Reason::socks_reply || error.reason() == Reason::http_status;
      if (!about_the_port) return error;
      const auto& code = error.code();
      report.state = code == std::errc::connection_refused ? PortState::closed
                     : code == std::errc::timed_out        ? PortState::timeout
                                                           : PortState::failed;
      report.reason = localized_cause(error);
    }
    print_report(fmt::format("{} {}", options.host, port), report, options.verbose > 0);
  }
  return any_open ? kSuccess : kNetworkFailure;
}

}  // namespace

Result<int> run_scan(const Options& options) {
  if (options.unix_path) return check_unix_socket(options);
  if (options.proxy) return check_through_proxy(options);

  ResolveOptions resolve_options;
  resolve_options.family = options.family;
  resolve_options.numeric_host = options.numeric;
  auto addresses = resolve(options.host, options.scan_ports.front(), resolve_options);
  if (!addresses) return addresses.error();
  std::vector<std::uint16_t> ports = options.scan_ports;
  if (options.random_ports) {  // -r: as nc, a scan that does not walk the ports in order
    std::random_device seed;
    std::shuffle(ports.begin(), ports.end(), std::mt19937(seed()));
  }

  ScanOptions scan_options;
  scan_options.parallel = options.parallel;
  scan_options.timeout = options.timeout.value_or(kDefaultConnectTimeout);
  scan_options.local = options.source;
  scan_options.settings = options.socket_settings;
  const bool verbose = options.verbose > 0;
  scan_options.on_report = [verbose](const PortReport& report) {
    print_report(fmt::format("{} {}", report.address.host(), report.port), report, verbose);
  };
  auto reports = scan_ports(*addresses, ports, scan_options);
  if (!reports) return reports.error();
  for (const PortReport& report : *reports) {
    if (report.state == PortState::open) return kSuccess;
  }
  return kNetworkFailure;
}

}  // namespace tcpc::cli
