// SPDX-License-Identifier: MIT
// A TLS session on a non-blocking socket. Every SSL_* call's "want read" or
// "want write" goes back to the caller's poll loop; nothing here blocks.
#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>

#include "tls/tls_internal.hpp"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0  // macOS: SO_NOSIGPIPE is set on the socket instead
#endif

namespace tcpc::tls {
namespace {

bool is_ip_literal(const std::string& host) {
  unsigned char address[16];
  return inet_pton(AF_INET, host.c_str(), address) == 1 ||
         inet_pton(AF_INET6, host.c_str(), address) == 1;
}

// OpenSSL's own socket BIO writes with write(), which raises SIGPIPE when the
// peer has gone. A library must not kill its caller nor change the process's
// signal handling, so sessions get this BIO: send(MSG_NOSIGNAL) and recv().
int socket_of(BIO* bio) {
  return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(bio)));
}

int bio_write(BIO* bio, const char* data, int size) {
  BIO_clear_retry_flags(bio);
  ssize_t n;
  do {
    n = ::send(socket_of(bio), data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) BIO_set_retry_write(bio);
  return static_cast<int>(n);
}

int bio_read(BIO* bio, char* data, int size) {
  BIO_clear_retry_flags(bio);
  ssize_t n;
  do {
    n = ::recv(socket_of(bio), data, static_cast<std::size_t>(size), 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) BIO_set_retry_read(bio);
  if (n == 0 && size > 0) BIO_set_flags(bio, BIO_FLAGS_IN_EOF);  // tells OpenSSL "unexpected EOF"
  return static_cast<int>(n);
}

long bio_ctrl(BIO* bio, int command, long /*number*/, void* /*pointer*/) {
  switch (command) {
    case BIO_CTRL_FLUSH:
      return 1;  // nothing is buffered here
    case BIO_CTRL_EOF:
      return BIO_test_flags(bio, BIO_FLAGS_IN_EOF) != 0;
    default:
      return 0;
  }
}

int bio_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

const BIO_METHOD* socket_method() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR,
                                 "tcpc socket");
    BIO_meth_set_write(m, bio_write);
    BIO_meth_set_read(m, bio_read);
    BIO_meth_set_ctrl(m, bio_ctrl);
    BIO_meth_set_create(m, bio_create);
    return m;
  }();
  return method;
}

std::string peer_text(Socket& socket) {
  return socket.peer().empty() ? std::string("peer") : socket.peer().to_string();
}

Result<std::unique_ptr<detail::SessionState>> new_session(Socket& socket,
                                                          const detail::ContextState& context) {
  auto state = std::make_unique<detail::SessionState>();
  state->ssl.reset(SSL_new(context.ctx.get()));
  BIO* bio = state->ssl ? BIO_new(socket_method()) : nullptr;
  if (!bio)
    return Error(make_error_code(errc::handshake_failed), Operation::system_call, "SSL_new");
  BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(socket.fd())));
  SSL_set_bio(state->ssl.get(), bio, bio);
  SSL_set_ex_data(state->ssl.get(), state_index(), state.get());
  state->is_client = context.is_client;
  state->verify = context.verify;
  if (auto nb = socket.set_nonblocking(true); !nb) return nb.error();
  return state;
}

}  // namespace

TlsStream::TlsStream(Socket socket, std::unique_ptr<detail::SessionState> ssl, Context context)
    : socket_(std::move(socket)), ssl_(std::move(ssl)), context_(std::move(context)) {}

TlsStream::~TlsStream() = default;

Result<std::unique_ptr<TlsStream>> TlsStream::client(Socket socket, const Context& context,
                                                     std::string_view host) {
  if (!context.state_->is_client)
    return Error(tcpc::errc::invalid_argument, Operation::tls_setup, "client",
                 "needs a client context");
  auto state = new_session(socket, *context.state_);
  if (!state) return state.error();
  SSL* ssl = (*state)->ssl.get();
  const std::string& override_name = context.state_->server_name;
  const std::string name = override_name.empty() ? std::string(host) : override_name;
  (*state)->checked_name = name;
  if (is_ip_literal(name)) {
    // No SNI for addresses (RFC 6066); the certificate must list the IP.
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str());
  } else if (!name.empty()) {
    SSL_set_tlsext_host_name(ssl, name.c_str());
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    SSL_set1_host(ssl, name.c_str());
  }
  SSL_set_connect_state(ssl);
  return std::unique_ptr<TlsStream>(new TlsStream(std::move(socket), std::move(*state), context));
}

Result<std::unique_ptr<TlsStream>> TlsStream::server(Socket socket, const Context& context) {
  if (context.state_->is_client)
    return Error(tcpc::errc::invalid_argument, Operation::tls_setup, "server",
                 "needs a server context");
  auto state = new_session(socket, *context.state_);
  if (!state) return state.error();
  SSL_set_accept_state((*state)->ssl.get());
  return std::unique_ptr<TlsStream>(new TlsStream(std::move(socket), std::move(*state), context));
}

Error TlsStream::failure(int ssl_error_code, Operation operation) {
  const int saved_errno = errno;
  Error error = ssl_error(*ssl_, ssl_error_code, saved_errno, operation, peer_text(socket_));
  ERR_clear_error();
  return error;
}

Result<Want> TlsStream::handshake() {
  if (ssl_->handshake_done) return Want::nothing;
  ERR_clear_error();
  const int result = SSL_do_handshake(ssl_->ssl.get());
  if (result == 1) {
    ssl_->handshake_done = true;
    return Want::nothing;
  }
  const int code = SSL_get_error(ssl_->ssl.get(), result);
  if (code == SSL_ERROR_WANT_READ) return Want::read;
  if (code == SSL_ERROR_WANT_WRITE) return Want::write;
  return failure(code, Operation::tls_handshake);
}

Result<IoStatus> TlsStream::read_some(std::span<char> buffer) {
  ERR_clear_error();
  std::size_t bytes = 0;
  const int result = SSL_read_ex(ssl_->ssl.get(), buffer.data(), buffer.size(), &bytes);
  if (result == 1) return IoStatus{bytes, Want::nothing};
  const int code = SSL_get_error(ssl_->ssl.get(), result);
  switch (code) {
    case SSL_ERROR_ZERO_RETURN:  // close_notify: the clean end of stream
      return IoStatus{};
    case SSL_ERROR_WANT_READ:
      return IoStatus{0, Want::read};
    case SSL_ERROR_WANT_WRITE:
      return IoStatus{0, Want::write};
    default:
      break;
  }
  // Many servers just close the connection: an end of stream, but one an
  // attacker could also cause, so it is remembered for -v.
  const unsigned long error = ERR_peek_error();
  const bool eof_without_notify =
      ssl_->handshake_done && ((code == SSL_ERROR_SYSCALL && error == 0 && errno == 0) ||
                               (code == SSL_ERROR_SSL && ERR_GET_LIB(error) == ERR_LIB_SSL &&
                                ERR_GET_REASON(error) == SSL_R_UNEXPECTED_EOF_WHILE_READING));
  if (eof_without_notify) {
    ERR_clear_error();
    unclean_eof_ = true;
    return IoStatus{};
  }
  return failure(code, ssl_->handshake_done ? Operation::receive : Operation::tls_handshake);
}

Result<IoStatus> TlsStream::write_some(std::string_view data) {
  ERR_clear_error();
  std::size_t bytes = 0;
  const int result = SSL_write_ex(ssl_->ssl.get(), data.data(), data.size(), &bytes);
  if (result == 1) return IoStatus{bytes, Want::nothing};
  const int code = SSL_get_error(ssl_->ssl.get(), result);
  if (code == SSL_ERROR_WANT_READ) return IoStatus{0, Want::read};
  if (code == SSL_ERROR_WANT_WRITE) return IoStatus{0, Want::write};
  return failure(code, ssl_->handshake_done ? Operation::send : Operation::tls_handshake);
}

Result<Want> TlsStream::shutdown_write() {
  if (!write_shut_) {
    ERR_clear_error();
    const int result = SSL_shutdown(ssl_->ssl.get());
    if (result < 0) {
      const int code = SSL_get_error(ssl_->ssl.get(), result);
      if (code == SSL_ERROR_WANT_READ) return Want::read;
      if (code == SSL_ERROR_WANT_WRITE) return Want::write;
      return failure(code, Operation::tls_close);
    }
    write_shut_ = true;
  }
  // close_notify is out; the TCP half-close tells plain middleboxes too.
  if (auto shut = socket_.shutdown_write(); !shut) return shut.error();
  return Want::nothing;
}

bool TlsStream::has_pending() const noexcept {
  return SSL_pending(ssl_->ssl.get()) > 0;
}

SessionInfo TlsStream::info() const {
  SessionInfo info;
  SSL* ssl = ssl_->ssl.get();
  info.version = SSL_get_version(ssl);
  info.cipher = SSL_get_cipher_name(ssl);
  const unsigned char* alpn = nullptr;
  unsigned int alpn_length = 0;
  SSL_get0_alpn_selected(ssl, &alpn, &alpn_length);
  if (alpn) info.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_length);

  X509Ptr cert(SSL_get1_peer_certificate(ssl));
  if (!cert) return info;
  info.has_certificate = true;
  info.subject = name_text(X509_get_subject_name(cert.get()));
  info.issuer = name_text(X509_get_issuer_name(cert.get()));
  info.not_before = time_text(X509_get0_notBefore(cert.get()));
  info.not_after = time_text(X509_get0_notAfter(cert.get()));
  info.alt_names = alt_names(cert.get());
  info.sha256 = sha256_fingerprint(cert.get());
  const bool chain_ok = SSL_get_verify_result(ssl) == X509_V_OK;
  info.verified = chain_ok && ssl_->verify;
  if (!chain_ok) {
    info.verify_result = verify_text(*ssl_);
  } else if (!ssl_->verify) {
    info.verify_result = "not checked, although it would have passed";
  }
  return info;
}

namespace {

// complete_handshake() names a timeout by the context it is given; this
// gives the error its fields, so the line can be translated.
Result<void> handshake_within(TlsStream& stream, Milliseconds timeout, const std::string& peer) {
  auto done = complete_handshake(stream, timeout, "TLS handshake with " + peer);
  if (done || done.error().reason() != Reason::timed_out) return done;
  return Error(done.error().code(), Operation::tls_handshake, peer, Reason::timed_out,
               done.error().values());
}

}  // namespace

Result<std::unique_ptr<TlsStream>> connect(Socket socket, const Context& context,
                                           std::string_view host, Milliseconds timeout) {
  const std::string peer = peer_text(socket);
  auto stream = TlsStream::client(std::move(socket), context, host);
  if (!stream) return stream.error();
  if (auto done = handshake_within(**stream, timeout, peer); !done) return done.error();
  return stream;
}

Result<std::unique_ptr<TlsStream>> accept(Socket socket, const Context& context,
                                          Milliseconds timeout) {
  const std::string peer = peer_text(socket);
  auto stream = TlsStream::server(std::move(socket), context);
  if (!stream) return stream.error();
  if (auto done = handshake_within(**stream, timeout, peer); !done) return done.error();
  return stream;
}

}  // namespace tcpc::tls
