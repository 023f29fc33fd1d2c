// SPDX-License-Identifier: MIT
// TLS failures in plain words: X509_V_ERR_* codes and OpenSSL's error queue
// become "the server's certificate expired on ..." and friends.
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <cstring>

#include "tls/tls_internal.hpp"

namespace tcpc::tls {
namespace {

class TlsCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "tls"; }
  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::handshake_failed:
        return "TLS handshake failed";
      case errc::certificate_expired:
        return "certificate expired";
      case errc::certificate_not_yet_valid:
        return "certificate not yet valid";
      case errc::self_signed:
        return "self-signed certificate";
      case errc::unknown_issuer:
        return "certificate issued by an unknown CA";
      case errc::host_mismatch:
        return "certificate is for another host name";
      case errc::certificate_rejected:
        return "certificate rejected";
      case errc::no_client_certificate:
        return "client certificate required";
      case errc::peer_alert:
        return "the peer sent a TLS alert";
      case errc::not_tls:
        return "the peer does not speak TLS";
      case errc::protocol:
        return "TLS protocol error";
    }
    return "TLS error";
  }
};

const char* whose(const detail::SessionState& state) {
  return state.is_client ? "the server's" : "the client's";
}

// "the server's certificate" or "the certificate of CA 'CN=x' in the server's chain".
std::string which_certificate(const detail::SessionState& state) {
  const VerifyFailure& failure = state.verify_failure;
  if (failure.depth == 0) return std::string(whose(state)) + " certificate";
  return "the certificate of '" + failure.subject + "' in " + whose(state) + " chain";
}

struct Explanation {
  errc code;
  std::string text;
  bool untrusted = false;   // Hint::trust_ca and Hint::skip_verification
  bool other_name = false;  // Hint::other_server_name
};

// The text after "certificate verification failed: ".
Explanation explain_verify(const detail::SessionState& state) {
  VerifyFailure failure = state.verify_failure;
  if (failure.code == X509_V_OK) failure.code = SSL_get_verify_result(state.ssl.get());
  const std::string cert = which_certificate(state);
  switch (failure.code) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return {errc::certificate_expired, cert + " expired on " + failure.not_after};
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return {errc::certificate_not_yet_valid,
              cert + " is not valid before " + failure.not_before + " (check the clock)"};
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      return {errc::self_signed,
              cert + " is self-signed ('" + failure.subject + "') and not trusted", true};
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      return {errc::self_signed,
              std::string(whose(state)) + " chain ends in a self-signed CA ('" + failure.subject +
                  "') that is not trusted",
              true};
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return {
          errc::unknown_issuer,
          cert + " was issued by an unknown CA ('" + failure.issuer + "'), not in the trust store",
          true};
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH: {
      std::string names;
      for (const std::string& name : failure.alt_names)
        names += (names.empty() ? "" : ", ") + name;
      if (names.empty()) {
        // OpenSSL, like browsers, checks names only against the SANs; a
        // CN=127.0.0.1 certificate looks right and still fails.
        const bool ip = failure.code == X509_V_ERR_IP_ADDRESS_MISMATCH;
        return {errc::host_mismatch,
                cert + " ('" + failure.subject + "') has no subjectAltName, and names are " +
                    "checked only there: '" + state.checked_name + "' must be in it as " +
                    (ip ? "an IP address (IP:...)" : "a DNS name (DNS:...)") +
                    ", whatever the CN says",
                false, true};
      }
      return {
          errc::host_mismatch,
          cert + " is for " + names + ", not for '" + state.checked_name + "' (wrong host name)",
          false, true};
    }
    default:
      return {errc::certificate_rejected,
              cert + ": " + X509_verify_cert_error_string(failure.code)};
  }
}

// OpenSSL's reason text for an alert, without its "sslv3 alert " prefix.
std::string alert_text(unsigned long error) {
  const char* reason = ERR_reason_error_string(error);
  std::string text = reason ? reason : "unknown";
  for (const char* prefix : {"sslv3 alert ", "tlsv1 alert ", "tlsv13 alert "}) {
    if (text.rfind(prefix, 0) == 0) return text.substr(std::strlen(prefix));
  }
  return text;
}

bool is_alert(int reason) {
  return reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256;
}

}  // namespace

const std::error_category& tls_category() noexcept {
  static const TlsCategory category;
  return category;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), tls_category()};
}

Error verify_error(const detail::SessionState& state, Operation operation, std::string peer) {
  const Explanation explained = explain_verify(state);
  Error error(make_error_code(explained.code), operation, std::move(peer),
              "certificate verification failed: " + explained.text);
  if (explained.untrusted) {
    error.with(Hint::trust_ca);
    // Only a client may skip the check; a server asked for the certificate.
    if (state.is_client) error.with(Hint::skip_verification);
  }
  if (explained.other_name) error.with(Hint::other_server_name);
  return error;
}

std::string verify_text(const detail::SessionState& state) {
  return explain_verify(state).text;
}

Error ssl_error(const detail::SessionState& state, int ssl_error, int saved_errno,
                Operation operation, std::string peer_text) {
  const char* peer = state.is_client ? "the server" : "the client";
  const unsigned long error = ERR_peek_error();
  const int reason = ERR_GET_REASON(error);
  if (error != 0 && ERR_GET_LIB(error) == ERR_LIB_SSL &&
      reason == SSL_R_CERTIFICATE_VERIFY_FAILED && state.verify_failure.code != X509_V_OK) {
    return verify_error(state, operation, std::move(peer_text));
  }
  auto make = [&](errc code, std::string text) {
    return Error(make_error_code(code), operation, peer_text, std::move(text));
  };
  auto no_certificate = [&] {
    return make(errc::no_client_certificate,
                "the server requires a client certificate and none was given")
        .with(Hint::client_certificate);
  };
  if (ssl_error == SSL_ERROR_SYSCALL && error == 0) {
    if (state.certificate_requested) return no_certificate();
    if (saved_errno != 0) return system_error(saved_errno, operation, std::move(peer_text));
    return make(errc::handshake_failed,
                std::string(peer) + " closed the connection" +
                    (state.handshake_done ? "" : " during the TLS handshake"));
  }
  if (error == 0 || ERR_GET_LIB(error) != ERR_LIB_SSL) {
    char text[256];
    ERR_error_string_n(error, text, sizeof text);
    return make(state.handshake_done ? errc::protocol : errc::handshake_failed, text);
  }
  switch (reason) {
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_HTTP_REQUEST:
    case SSL_R_HTTPS_PROXY_REQUEST:
    case SSL_R_PACKET_LENGTH_TOO_LONG:
    case SSL_R_RECORD_LENGTH_MISMATCH:
    case SSL_R_UNKNOWN_PROTOCOL: {
      Error error = make(errc::not_tls, std::string(peer) + " does not speak TLS");
      if (state.is_client) error.with(Hint::without_tls);  // a plain TCP port?
      return error;
    }
    case SSL_R_UNEXPECTED_EOF_WHILE_READING:
      if (state.certificate_requested) return no_certificate();
      return make(errc::handshake_failed,
                  std::string(peer) + " closed the connection during the TLS handshake");
    case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
      return no_certificate();
    case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE:
      return make(errc::no_client_certificate,
                  "the client sent no certificate, and this server requires one");
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_NO_PROTOCOLS_AVAILABLE:
    case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
      return make(errc::handshake_failed, std::string("no TLS version in common with ") + peer)
          .with(Hint::tls_version);
    case SSL_R_NO_SHARED_CIPHER:
      return make(errc::handshake_failed, std::string("no cipher in common with ") + peer);
    default:
      break;
  }
  if (is_alert(reason)) {
    if (state.certificate_requested) return no_certificate();
    return make(errc::peer_alert, std::string(peer) + " ended the session with the alert '" +
                                      alert_text(error) + "'");
  }
  const char* text = ERR_reason_error_string(error);
  return make(state.handshake_done ? errc::protocol : errc::handshake_failed,
              text ? text : "unknown TLS error");
}

}  // namespace tcpc::tls
