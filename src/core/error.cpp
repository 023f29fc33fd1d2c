// SPDX-License-Identifier: MIT
#include "tcpc/error.hpp"

#include <netdb.h>

#include <iterator>

namespace tcpc {
namespace {

class TcpcCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "tcpc"; }
  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::invalid_port:
        return "invalid port";
      case errc::invalid_host:
        return "invalid host";
      case errc::invalid_hex:
        return "invalid hex";
      case errc::invalid_escape:
        return "invalid escape sequence";
      case errc::unknown_encoding:
        return "unknown encoding";
      case errc::unencodable:
        return "text cannot be encoded";
      case errc::invalid_argument:
        return "invalid argument";
      case errc::no_address:
        return "no usable address";
      case errc::proxy_failure:
        return "proxy failure";
    }
    return "unknown tcpc error";
  }
};

class ResolveCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "resolve"; }
  std::string message(int value) const override { return gai_strerror(value); }
};

}  // namespace

const std::error_category& tcpc_category() noexcept {
  static const TcpcCategory category;
  return category;
}

const std::error_category& resolve_category() noexcept {
  static const ResolveCategory category;
  return category;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), tcpc_category()};
}

bool is_input_error(const std::error_code& code) noexcept {
  return code.category() == tcpc_category() && code != errc::no_address &&
         code != errc::proxy_failure;
}

namespace {

// English, in the order of the enum: with a subject ({} is where it goes), without.
struct OperationText {
  std::string_view with_subject;
  std::string_view bare;
};
constexpr OperationText kOperationTexts[] = {
    {"{}", ""},                                           // none
    {"{}", "system call"},                                // system_call
    {"connect to {}", "connect"},                         // connect
    {"resolve {}", "resolve"},                            // resolve
    {"bind {}", "bind"},                                  // bind
    {"listen on {}", "listen"},                           // listen
    {"accept on {}", "accept"},                           // accept
    {"send to {}", "send"},                               // send
    {"recv from {}", "recv"},                             // receive
    {"echo to {}", "echo"},                               // echo
    {"close {}", "close"},                                // close
    {"read input {}", "read input"},                      // read_input
    {"write output {}", "write output"},                  // write_output
    {"open {}", "open"},                                  // open_file
    {"read {}", "read"},                                  // read_file
    {"write {}", "write"},                                // write_file
    {"invalid port {}", "invalid port"},                  // parse_port
    {"invalid port list {}", "invalid port list"},        // parse_ports
    {"invalid address {}", "invalid address"},            // parse_address
    {"port check {}", "port check"},                      // port_check
    {"invalid hex at position {}", "invalid hex"},        // parse_hex
    {"invalid escape at position {}", "invalid escape"},  // parse_escape
    {"encoding {}", "encoding"},                          // find_encoding
    {"encode to {}", "encode"},                           // encode
    {"unix socket path {}", "unix socket path"},          // unix_path
    {"TLS {}", "TLS"},                                    // tls_setup
    {"TLS handshake with {}", "TLS handshake"},           // tls_handshake
    {"close_notify to {}", "close_notify"},               // tls_close
    {"CA file {}", "CA file"},                            // load_ca_file
    {"CA directory {}", "CA directory"},                  // load_ca_dir
    {"certificate file {}", "certificate file"},          // load_cert
    {"key file {}", "key file"},                          // load_key
    {"ALPN protocols {}", "ALPN protocols"},              // set_alpn
    {"bench {}", "bench"},                                // bench
    {"connect to proxy {}", "connect to proxy"},          // proxy_connect
    {"proxy {}", "proxy"},                                // proxy
    {"run {}", "run"},                                    // run_program
};
static_assert(std::size(kOperationTexts) == kOperationCount);

constexpr std::string_view kReasonTexts[] = {
    "",                                                      // none
    "timed out after {} s",                                  // timed_out
    "must be from {} to 65535",                              // port_range
    "must be from {} to 65535 or a known service name",      // port_or_service
    "empty",                                                 // empty
    "empty host",                                            // empty_host
    "U+{} at byte {} has no {} form",                        // no_form
    "unknown encoding {} (supported: {})",                   // unknown_encoding
    "no reply within {} s",                                  // no_reply
    "wants a username and password",                         // proxy_wants_auth
    "accepts none of our authentication methods",            // proxy_no_method
    "chose authentication method {} that we did not offer",  // proxy_other_method
    "rejected the username {} (status {})",                  // proxy_auth_failed
    "cannot reach {}: {} (SOCKS{} reply {})",                // socks_reply
    "cannot reach {}: HTTP {}",                              // http_status
    "sent a malformed {} reply",                             // proxy_malformed
    "closed the connection during the {} handshake",         // proxy_closed
    "SOCKS4 reaches IPv4 addresses only, not {}",            // socks4_ipv4_only
    "{} longer than 255 bytes",                              // too_long
};
static_assert(std::size(kReasonTexts) == kReasonCount);

// `pattern` with each {} replaced by the next value, in order. Not fmt:
// values are data, and braces in them must stay as they are.
std::string fill(std::string_view pattern, const std::vector<std::string>& values) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.compare(i, 2, "{}") == 0) {
      if (next < values.size()) out += values[next++];
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

std::string compose(const std::error_code& code, Operation operation, const std::string& subject,
                    const std::string& detail) {
  std::string head = subject.empty()
                         ? std::string(operation_text(operation, false))
                         : fill(operation_text(operation, true), std::vector<std::string>{subject});
  std::string cause = detail.empty() ? code.message() : detail;
  return head.empty() ? cause : std::move(head) + ": " + cause;
}

}  // namespace

std::string_view operation_text(Operation operation, bool with_subject) noexcept {
  const auto index = static_cast<std::size_t>(operation);
  if (index >= std::size(kOperationTexts)) return with_subject ? "{}" : "";
  return with_subject ? kOperationTexts[index].with_subject : kOperationTexts[index].bare;
}

std::string_view reason_text(Reason reason) noexcept {
  const auto index = static_cast<std::size_t>(reason);
  return index < std::size(kReasonTexts) ? kReasonTexts[index] : "";
}

Error::Error(std::error_code code, Operation operation, std::string subject, std::string detail)
    : std::system_error(code),
      operation_(operation),
      subject_(std::move(subject)),
      detail_(std::move(detail)),
      message_(compose(code, operation_, subject_, detail_)) {}

Error::Error(std::error_code code, Operation operation, std::string subject, Reason reason,
             std::vector<std::string> values, std::string detail)
    : Error(code, operation, std::move(subject),
            detail.empty() ? fill(reason_text(reason), values) : std::move(detail)) {
  reason_ = reason;
  values_ = std::move(values);
}

Error::Error(std::error_code code, std::string context, std::string detail)
    : Error(code, Operation::none, std::move(context), std::move(detail)) {}

Error& Error::with(Hint hint) & {
  if (!has(hint)) hints_.push_back(hint);
  return *this;
}

Error&& Error::with(Hint hint) && {
  return std::move(with(hint));
}

bool Error::has(Hint hint) const noexcept {
  for (Hint h : hints_) {
    if (h == hint) return true;
  }
  return false;
}

Error system_error(int errnum, Operation operation, std::string subject) {
  return Error(std::error_code(errnum, std::generic_category()), operation, std::move(subject));
}

Error system_error(int errnum, std::string context) {
  return Error(std::error_code(errnum, std::generic_category()), std::move(context));
}

}  // namespace tcpc
