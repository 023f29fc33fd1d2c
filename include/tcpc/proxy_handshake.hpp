// SPDX-License-Identifier: MIT
// The proxy handshakes as codecs: request bytes out, reply bytes in, no
// sockets. SOCKS5 (RFC 1928) with username/password (RFC 1929), SOCKS4 as
// OpenBSD nc speaks it, and HTTP CONNECT (RFC 9110 9.3.6).
//
// Every reply parser takes all the bytes of that reply read so far and says
// how many more to read before it can judge them (Reply::missing), so a
// caller reads exactly the reply and never a byte of the tunnel after it: an
// ssh server's banner may arrive in the same segment as the proxy's "granted".
// Start with no bytes; parse again after each read until missing is 0.
// Failures are Errors of Operation::proxy whose subject is `proxy` (the
// proxy's name as the caller shows it) and whose reason says what it answered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tcpc/result.hpp"

namespace tcpc::proxy {

// Where the tunnel leads: a host name or a numeric address, and a port.
struct Target {
  std::string host;
  std::uint16_t port = 0;
};
// "example.com:22", "192.0.2.1:22", "[2001:db8::1]:22".
std::string to_string(const Target& target);

struct Reply {
  std::size_t missing = 0;  // read this many more bytes and parse again; 0: done
  std::uint8_t method = 0;  // SOCKS5 method reply: the method the proxy chose
};

// SOCKS5 ---------------------------------------------------------------
inline constexpr std::uint8_t kNoAuthentication = 0x00;
inline constexpr std::uint8_t kUsernamePassword = 0x02;

// Offers "no authentication" and, with credentials, username/password too.
std::string socks5_greeting(bool offer_password);
// The method choice; fails unless the proxy chose a method we offered.
Result<Reply> socks5_method_reply(std::span<const char> bytes, bool offered_password,
                                  std::string_view proxy);
// RFC 1929's request; fails if either is longer than 255 bytes.
Result<std::string> socks5_password_request(std::string_view username, std::string_view password);
Result<Reply> socks5_password_reply(std::span<const char> bytes, std::string_view username,
                                    std::string_view proxy);
// CONNECT: numeric hosts as addresses, names as names (the proxy resolves them).
Result<std::string> socks5_connect_request(const Target& target);
Result<Reply> socks5_connect_reply(std::span<const char> bytes, const Target& target,
                                   std::string_view proxy);

// SOCKS4 ---------------------------------------------------------------
// CONNECT to an IPv4 address (dotted quad; SOCKS4 carries no names), with
// `user` as its user id (empty as nc sends it).
Result<std::string> socks4_connect_request(const Target& target, std::string_view user);
Result<Reply> socks4_connect_reply(std::span<const char> bytes, const Target& target,
                                   std::string_view proxy);

// HTTP CONNECT ---------------------------------------------------------
// With a username, Basic credentials go along (Proxy-Authorization).
std::string http_connect_request(const Target& target, std::string_view username,
                                 std::string_view password);
// The status line and headers up to the blank line; any 2xx opens the tunnel.
Result<Reply> http_connect_reply(std::span<const char> bytes, const Target& target,
                                 bool sent_credentials, std::string_view proxy);

// RFC 4648 base64 with padding (Basic credentials).
std::string base64(std::string_view bytes);

}  // namespace tcpc::proxy
