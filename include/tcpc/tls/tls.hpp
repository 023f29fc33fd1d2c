// SPDX-License-Identifier: MIT
// TLS over a connected Socket (OpenSSL), safe by default: a client verifies
// the server's certificate chain against the system trust store and checks
// the host name, and a failure says why in plain words ("the certificate
// expired on 2020-01-02 ..."). OpenSSL is initialised on first use only, so
// plain TCP never pays for it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "tcpc/result.hpp"
#include "tcpc/socket.hpp"
#include "tcpc/stream.hpp"

namespace tcpc::tls {

// Why a TLS session failed; the Error's text has the details.
enum class errc {
  handshake_failed = 1,       // any other handshake failure
  certificate_expired,        // the peer's certificate is past its notAfter
  certificate_not_yet_valid,  // ... or before its notBefore
  self_signed,                // the peer's certificate signs itself and is not trusted
  unknown_issuer,             // the chain does not lead to a trusted CA
  host_mismatch,              // the certificate is for other names
  certificate_rejected,       // any other verification failure
  no_client_certificate,      // the server wanted one and got none
  peer_alert,                 // the peer ended the session with an alert
  not_tls,                    // the peer does not speak TLS
  protocol,                   // a TLS error after the handshake
};

// False in a build without TLS (TCPC_TLS=OFF): every session call then fails.
bool available() noexcept;

const std::error_category& tls_category() noexcept;
std::error_code make_error_code(errc e) noexcept;

enum class Version { tls1_2, tls1_3 };

struct ClientConfig {
  bool verify = true;             // false: no verification at all (the caller warns the user)
  std::string ca_file;            // trust these CAs instead of the system store
  std::string ca_path;            // ... or a c_rehash'ed directory of them
  std::string server_name;        // SNI and the name checked; empty: the host connected to
  std::vector<std::string> alpn;  // protocols offered, in order of preference
  std::string cert_file;          // client certificate (PEM)
  std::string key_file;           // its private key; empty: in cert_file
  Version min_version = Version::tls1_2;
};

struct ServerConfig {
  std::string cert_file;       // empty: a temporary self-signed certificate
  std::string key_file;        // empty: in cert_file
  bool verify_client = false;  // require a client certificate issued by ca_file/ca_path
  std::string ca_file;
  std::string ca_path;
  std::vector<std::string> alpn;  // protocols accepted, in order of preference
  Version min_version = Version::tls1_2;
};

// OpenSSL's state, defined in src/tls/tls_internal.hpp: not part of the API.
namespace detail {
struct ContextState;  // an SSL_CTX and the settings it was made with
struct SessionState;  // an SSL and what certificate verification found
}  // namespace detail

// Certificates, keys and settings shared by every session made from it.
// Copies share the same OpenSSL context.
class Context {
 public:
  static Result<Context> client(const ClientConfig& config);
  static Result<Context> server(const ServerConfig& config);

  // With a temporary self-signed certificate: its SHA-256 fingerprint; else empty.
  const std::string& temporary_fingerprint() const noexcept;

 private:
  friend class TlsStream;  // makes each session from state_
  explicit Context(std::shared_ptr<detail::ContextState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::ContextState> state_;
};

// What -v shows about a session and the peer's certificate.
struct SessionInfo {
  std::string version;  // "TLSv1.3"
  std::string cipher;   // "TLS_AES_256_GCM_SHA384"
  std::string alpn;     // empty: none negotiated
  bool has_certificate = false;
  std::string subject;  // "CN=localhost,O=tcpc test"
  std::string issuer;
  std::string not_before;  // "2024-05-01 12:00:00 UTC"
  std::string not_after;
  std::vector<std::string> alt_names;  // "DNS:localhost", "IP:127.0.0.1"
  std::string sha256;                  // "AB:CD:..."
  bool verified = false;               // the chain and the name were checked and are good
  std::string verify_result;           // why not, in plain words
};

// Several lines for stderr, each starting with "TLS" or two spaces.
std::string describe(const SessionInfo& info);

// A TLS session on a connected socket, usable wherever a Stream is.
class TlsStream final : public Stream {
 public:
  // Client side: `host` is what the user connected to (SNI and the name
  // checked, unless the config names another).
  static Result<std::unique_ptr<TlsStream>> client(Socket socket, const Context& context,
                                                   std::string_view host);
  static Result<std::unique_ptr<TlsStream>> server(Socket socket, const Context& context);
  ~TlsStream() override;

  Socket& socket() noexcept override { return socket_; }
  Result<Want> handshake() override;
  Result<IoStatus> read_some(std::span<char> buffer) override;
  Result<IoStatus> write_some(std::string_view data) override;
  Result<Want> shutdown_write() override;
  bool has_pending() const noexcept override;

  SessionInfo info() const;
  // The peer closed the connection without close_notify (a possible truncation).
  bool ended_without_close_notify() const noexcept { return unclean_eof_; }

 private:
  TlsStream(Socket socket, std::unique_ptr<detail::SessionState> ssl, Context context);
  Result<IoStatus> io_result(int result, std::size_t bytes, const char* operation);
  Error failure(int ssl_error, Operation operation);

  Socket socket_;
  std::unique_ptr<detail::SessionState> ssl_;
  Context context_;
  bool unclean_eof_ = false;
  bool write_shut_ = false;
};

// The one call a client mode needs: TLS on a connected socket, handshake
// finished within `timeout` (negative: no limit), certificate checked.
Result<std::unique_ptr<TlsStream>> connect(Socket socket, const Context& context,
                                           std::string_view host, Milliseconds timeout);
// The server side of the same, for a socket from accept().
Result<std::unique_ptr<TlsStream>> accept(Socket socket, const Context& context,
                                          Milliseconds timeout);

}  // namespace tcpc::tls

template <>
struct std::is_error_code_enum<tcpc::tls::errc> : std::true_type {};
