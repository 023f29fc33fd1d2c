// SPDX-License-Identifier: MIT
// The tutorial's client over TLS: one call resolves, connects, runs the
// handshake and verifies the server's certificate and host name; the
// connection then sends, receives and closes like a Socket.
//
//   auto conn = tcpc::tls::connect("example.org", 443).value();
//   conn.send_all("HEAD / HTTP/1.0\r\nHost: example.org\r\n\r\n").value();
//   std::cout << conn.recv(1024).value();
//   conn.close().value();
//
// Built on tcpc/tls/tls.hpp (Context, TlsStream), which a program can use
// directly for its own poll loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "tcpc/result.hpp"
#include "tcpc/socket.hpp"
#include "tcpc/tls/tls.hpp"

namespace tcpc::tls {

// A TLS session that owns its TCP connection. Move-only; the destructor
// sends close_notify if close() was not called, then closes the socket.
class Connection {
 public:
  explicit Connection(std::unique_ptr<TlsStream> stream) noexcept : stream_(std::move(stream)) {}
  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();

  // Sends every byte (encrypted), waiting while the socket is full.
  Result<void> send_all(std::string_view data);
  // Up to max_bytes of decrypted data, waiting for some; empty at the end of
  // the stream (close_notify or close). A negative timeout waits forever;
  // otherwise nothing within it is an error (std::errc::timed_out).
  Result<std::string> recv(std::size_t max_bytes, Milliseconds timeout = Milliseconds(-1));
  // Sends close_notify (waiting up to 5 s for the socket to take it), then
  // closes the socket.
  Result<void> close();

  const Endpoint& peer() const noexcept;
  // Version, cipher, ALPN and the server's certificate (what tcpc -v prints).
  SessionInfo info() const;
  // The session itself, for a poll loop of one's own or tcpc::relay().
  TlsStream& stream() noexcept { return *stream_; }

 private:
  std::unique_ptr<TlsStream> stream_;
  bool closed_ = false;
};

// Resolves `host`, connects to the first address that answers and runs the
// handshake, each step within `timeout`. The certificate is verified against
// the system store (or config.ca_file/ca_path) for `host`, unless
// config.verify is false or config.server_name names another host. A failure
// says why: "TLS handshake with 127.0.0.1:4433: certificate verification
// failed: the server's certificate expired on ...".
Result<Connection> connect(std::string_view host, std::uint16_t port,
                           const ClientConfig& config = {},
                           Milliseconds timeout = Milliseconds(10'000));

}  // namespace tcpc::tls
