// SPDX-License-Identifier: MIT
// nc's proxy options: -x proxy_address[:port], -X 4 | 5 | connect, -P user.
#include <strings.h>

#include "error_text.hpp"
#include "option_raw.hpp"

namespace tcpc::cli::parsing {
namespace {

struct HostPort {
  std::string host;
  std::string port;  // empty: the protocol's usual port
};

// "proxy", "proxy:1080", "192.0.2.1:1080", "[::1]:1080", "[::1]" or a bare
// IPv6 address ("::1": more than one colon, so no port).
Result<HostPort> split_proxy_address(const std::string& text) {
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string::npos)
      return usage("-x '{}': missing ']' after the IPv6 address", text);
    HostPort parsed{text.substr(1, close - 1), {}};
    const std::string rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return usage("-x '{}': expected ':PORT' after ']'", text);
      parsed.port = rest.substr(1);
    }
    return parsed;
  }
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos || text.find(':', colon + 1) != std::string::npos) {
    return HostPort{text, {}};
  }
  return HostPort{text.substr(0, colon), text.substr(colon + 1)};
}

Result<ProxyProtocol> parse_protocol(const std::string& text) {
  if (text.empty() || text == "5") return ProxyProtocol::socks5;
  if (text == "4") return ProxyProtocol::socks4;
  if (::strcasecmp(text.c_str(), "connect") == 0) return ProxyProtocol::http_connect;
  return usage("-X '{}': the proxy protocol is 4 (SOCKS4), 5 (SOCKS5) or connect (HTTP)", text);
}

}  // namespace

Result<void> convert_proxy(const RawOptions& raw, Options& options) {
  if (raw.proxy_address.empty()) {
    if (!raw.proxy_protocol.empty()) return usage("-X needs -x: tcpc -X 5 -x PROXY HOST PORT");
    if (!raw.proxy_user.empty()) return usage("-P needs -x: tcpc -x PROXY -P USER HOST PORT");
    return {};
  }
  if (raw.parallel != -1) {
    return usage("cannot use --parallel with -x: the proxy is asked for one port at a time");
  }
  auto protocol = parse_protocol(raw.proxy_protocol);
  if (!protocol) return protocol.error();
  auto address = split_proxy_address(raw.proxy_address);
  if (!address) return address.error();
  if (address->host.empty()) {
    return Error(errc::invalid_host, Operation::none, "-x", Reason::empty_host, {});
  }
  Proxy proxy;
  proxy.protocol = *protocol;
  proxy.host = address->host;
  proxy.port = default_port(*protocol);
  if (!address->port.empty()) {
    auto port = parse_port(address->port);
    if (!port) return port.error();
    proxy.port = *port;
  }
  proxy.username = raw.proxy_user;
  proxy.resolve.family = options.family;
  proxy.resolve.numeric_host = options.numeric;
  options.proxy = std::move(proxy);
  return {};
}

}  // namespace tcpc::cli::parsing
