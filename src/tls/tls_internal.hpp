// SPDX-License-Identifier: MIT
// Internal: what the TLS files share. Only src/tls_*.cpp include OpenSSL.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <vector>

#include "tcpc/tls/tls.hpp"

namespace tcpc::tls {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const noexcept { Free(p); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, Deleter<SSL_CTX, SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, Deleter<SSL, SSL_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;

struct detail::ContextState {
  SslCtxPtr ctx;
  bool is_client = true;
  bool verify = true;               // client: check the server; server: require a client cert
  std::string server_name;          // client: --servername
  std::vector<unsigned char> alpn;  // wire format: length-prefixed names
  std::string temporary_fingerprint;
};

// The first problem certificate verification met, kept by the verify callback.
struct VerifyFailure {
  long code = X509_V_OK;
  int depth = 0;
  std::string subject;
  std::string issuer;
  std::string not_before;
  std::string not_after;
  std::vector<std::string> alt_names;  // of the certificate that failed
};

struct detail::SessionState {
  SslPtr ssl;
  bool is_client = true;
  bool verify = true;
  std::string checked_name;            // the host name or IP the certificate must match
  bool certificate_requested = false;  // the server asked us for one we do not have
  bool handshake_done = false;
  VerifyFailure verify_failure;
};

// Certificate text for messages and -v.
std::string name_text(const X509_NAME* name);
std::string time_text(const ASN1_TIME* time);
std::vector<std::string> alt_names(X509* cert);
std::string sha256_fingerprint(X509* cert);

// The explanation of a failed verification, in plain words.
Error verify_error(const detail::SessionState& state, Operation operation, std::string peer);
std::string verify_text(const detail::SessionState& state);  // the same, short, for -v
// The Error for a failed SSL_* call (SSL_get_error's `ssl_error`), from the
// OpenSSL error queue and errno. Hints say what the caller could change.
Error ssl_error(const detail::SessionState& state, int ssl_error, int saved_errno,
                Operation operation, std::string peer);

// A temporary self-signed certificate for localhost, 127.0.0.1 and ::1.
Result<void> use_temporary_certificate(SSL_CTX* ctx, std::string& fingerprint);

// Index for SSL_get_ex_data: the detail::SessionState of an SSL.
int state_index();

}  // namespace tcpc::tls
