// SPDX-License-Identifier: MIT
// TLS contexts: trust store, certificates, versions and ALPN. OpenSSL 3
// initialises itself on the first SSL_CTX_new, so a plain TCP run never
// touches it.
#include <dirent.h>
#include <openssl/err.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "tls/tls_internal.hpp"

namespace tcpc::tls {
namespace {

// A bad value in the configuration: the caller's input, so an input error.
Error bad_input(Operation operation, std::string subject, std::string detail) {
  return Error(tcpc::errc::invalid_argument, operation, std::move(subject), std::move(detail));
}

// The reason a PEM file would not load: the file itself, or its contents.
Error file_error(Operation operation, const std::string& path) {
  if (::access(path.c_str(), R_OK) != 0) return bad_input(operation, path, std::strerror(errno));
  const unsigned long error = ERR_peek_last_error();
  const char* reason = error ? ERR_reason_error_string(error) : nullptr;
  ERR_clear_error();
  return bad_input(operation, path, reason ? reason : "cannot be loaded");
}

// Keeps the first verification problem so the failure can be explained.
int on_verify(int ok, X509_STORE_CTX* store) {
  auto* ssl =
      static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* state =
      ssl ? static_cast<detail::SessionState*>(SSL_get_ex_data(ssl, state_index())) : nullptr;
  if (!ok && state && state->verify_failure.code == X509_V_OK) {
    VerifyFailure& failure = state->verify_failure;
    failure.code = X509_STORE_CTX_get_error(store);
    failure.depth = X509_STORE_CTX_get_error_depth(store);
    if (X509* cert = X509_STORE_CTX_get_current_cert(store)) {
      failure.subject = name_text(X509_get_subject_name(cert));
      failure.issuer = name_text(X509_get_issuer_name(cert));
      failure.not_before = time_text(X509_get0_notBefore(cert));
      failure.not_after = time_text(X509_get0_notAfter(cert));
      failure.alt_names = alt_names(cert);
    }
  }
  return ok;
}

// Called when the server asks for a certificate and we have none: remember
// it, so a later failure can say that this was the reason.
int on_certificate_request(SSL* ssl, X509** /*cert*/, EVP_PKEY** /*key*/) {
  if (auto* state = static_cast<detail::SessionState*>(SSL_get_ex_data(ssl, state_index())))
    state->certificate_requested = true;
  return 0;
}

// Server: the first of our protocols that the client offers; none is not fatal.
int on_alpn(SSL* /*ssl*/, const unsigned char** out, unsigned char* out_length,
            const unsigned char* offered, unsigned int offered_length, void* arg) {
  const auto* impl = static_cast<const detail::ContextState*>(arg);
  unsigned char* chosen = nullptr;
  if (SSL_select_next_proto(&chosen, out_length, impl->alpn.data(),
                            static_cast<unsigned int>(impl->alpn.size()), offered,
                            offered_length) != OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;
  }
  *out = chosen;
  return SSL_TLSEXT_ERR_OK;
}

Result<std::vector<unsigned char>> alpn_wire(const std::vector<std::string>& protocols) {
  std::vector<unsigned char> wire;
  for (const std::string& protocol : protocols) {
    if (protocol.empty() || protocol.size() > 255)
      return bad_input(Operation::set_alpn, {},
                       "protocol names must be 1 to 255 bytes: '" + protocol + "'");
    wire.push_back(static_cast<unsigned char>(protocol.size()));
    wire.insert(wire.end(), protocol.begin(), protocol.end());
  }
  return wire;
}

Result<std::shared_ptr<detail::ContextState>> new_context(bool client, Version min_version,
                                                          const std::vector<std::string>& alpn) {
  auto impl = std::make_shared<detail::ContextState>();
  impl->is_client = client;
  auto wire = alpn_wire(alpn);
  if (!wire) return wire.error();
  impl->alpn = std::move(*wire);
  impl->ctx.reset(SSL_CTX_new(client ? TLS_client_method() : TLS_server_method()));
  if (!impl->ctx)
    return Error(make_error_code(errc::handshake_failed), Operation::system_call, "SSL_CTX_new");
  SSL_CTX* ctx = impl->ctx.get();
  SSL_CTX_set_min_proto_version(ctx,
                                min_version == Version::tls1_3 ? TLS1_3_VERSION : TLS1_2_VERSION);
  // The relay's buffer moves and a write may take part of it, like send().
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  return impl;
}

// True if `dir` holds c_rehash links ("1a2b3c4d.0"), as /etc/ssl/certs does.
bool is_hashed_directory(const char* dir) {
  DIR* listing = ::opendir(dir);
  if (!listing) return false;
  bool hashed = false;
  while (const dirent* entry = ::readdir(listing)) {
    const std::string_view name = entry->d_name;
    if (name.size() >= 10 && name[8] == '.' && name.find_first_not_of("0123456789abcdef") == 8) {
      hashed = true;
      break;
    }
  }
  ::closedir(listing);
  return hashed;
}

// The system trust store. Loading the whole CA bundle file costs ~45 ms of
// CPU per run; the hashed directory is read lazily, one issuer at a time, so
// it is used when there is one and nobody pointed OpenSSL elsewhere.
void use_system_store(SSL_CTX* ctx) {
  const char* dir = X509_get_default_cert_dir();
  if (!std::getenv(X509_get_default_cert_file_env()) &&
      !std::getenv(X509_get_default_cert_dir_env()) && is_hashed_directory(dir) &&
      SSL_CTX_load_verify_dir(ctx, dir) == 1) {
    return;
  }
  SSL_CTX_set_default_verify_paths(ctx);
}

Result<void> load_trust(SSL_CTX* ctx, const std::string& ca_file, const std::string& ca_path) {
  if (ca_file.empty() && ca_path.empty()) {
    use_system_store(ctx);
    return {};
  }
  if (!ca_file.empty() && SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr) != 1)
    return file_error(Operation::load_ca_file, ca_file);
  if (!ca_path.empty() && SSL_CTX_load_verify_locations(ctx, nullptr, ca_path.c_str()) != 1)
    return file_error(Operation::load_ca_dir, ca_path);
  return {};
}

Result<void> load_identity(SSL_CTX* ctx, const std::string& cert_file, std::string key_file) {
  if (key_file.empty()) key_file = cert_file;
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1)
    return file_error(Operation::load_cert, cert_file);
  const bool key_loaded = SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) == 1;
  const bool mismatch = ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH;
  if (!key_loaded && !mismatch) return file_error(Operation::load_key, key_file);
  if (mismatch || SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    return bad_input(Operation::load_key, key_file,
                     "does not match the certificate in " + cert_file);
  }
  return {};
}

}  // namespace

int state_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

bool available() noexcept {
  return true;
}

const std::string& Context::temporary_fingerprint() const noexcept {
  return state_->temporary_fingerprint;
}

Result<Context> Context::client(const ClientConfig& config) {
  auto impl = new_context(true, config.min_version, config.alpn);
  if (!impl) return impl.error();
  SSL_CTX* ctx = (*impl)->ctx.get();
  (*impl)->verify = config.verify;
  (*impl)->server_name = config.server_name;
  if (auto trusted = load_trust(ctx, config.ca_file, config.ca_path); !trusted)
    return trusted.error();
  // Verification runs either way, so an unverified run can still say what is wrong.
  SSL_CTX_set_verify(ctx, config.verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, on_verify);
  if (!config.cert_file.empty()) {
    if (auto loaded = load_identity(ctx, config.cert_file, config.key_file); !loaded)
      return loaded.error();
  } else {
    SSL_CTX_set_client_cert_cb(ctx, on_certificate_request);
  }
  if (!(*impl)->alpn.empty() &&
      SSL_CTX_set_alpn_protos(ctx, (*impl)->alpn.data(),
                              static_cast<unsigned int>((*impl)->alpn.size())) != 0) {
    return bad_input(Operation::set_alpn, {}, "rejected by OpenSSL");
  }
  return Context(std::move(*impl));
}

Result<Context> Context::server(const ServerConfig& config) {
  auto impl = new_context(false, config.min_version, config.alpn);
  if (!impl) return impl.error();
  SSL_CTX* ctx = (*impl)->ctx.get();
  if (config.cert_file.empty()) {
    if (auto made = use_temporary_certificate(ctx, (*impl)->temporary_fingerprint); !made)
      return made.error();
  } else if (auto loaded = load_identity(ctx, config.cert_file, config.key_file); !loaded) {
    return loaded.error();
  }
  (*impl)->verify = config.verify_client;
  if (config.verify_client) {
    if (auto trusted = load_trust(ctx, config.ca_file, config.ca_path); !trusted)
      return trusted.error();
    if (!config.ca_file.empty()) {
      // Tell clients which CAs we accept, so they can pick a certificate.
      SSL_CTX_set_client_CA_list(ctx, SSL_load_client_CA_file(config.ca_file.c_str()));
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, on_verify);
    static const unsigned char session_context[] = "tcpc";
    SSL_CTX_set_session_id_context(ctx, session_context, sizeof session_context - 1);
  }
  if (!(*impl)->alpn.empty()) SSL_CTX_set_alpn_select_cb(ctx, on_alpn, impl->get());
  return Context(std::move(*impl));
}

}  // namespace tcpc::tls
