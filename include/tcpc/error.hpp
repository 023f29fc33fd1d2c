// SPDX-License-Identifier: MIT
// One error model for all of libtcpc. An Error keeps what failed as fields:
// the operation ("connect"), its subject ("127.0.0.1:9"), the cause (a
// std::error_code plus optional detail text) and hints (what the caller
// could change). message() composes them into one line such as
//   "connect to 127.0.0.1:9: Connection refused".
// Programs that show errors in another language build their lines from the
// fields (the tcpc tool does, src/cli/error_text.cpp), never from message().
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace tcpc {

// Failures that come from what the user gave us rather than from the
// network. The CLI maps these to the "usage" exit code.
enum class errc {
  invalid_port = 1,  // not 1-65535 and not a service name
  invalid_host,      // empty or malformed host
  invalid_hex,       // malformed hex text
  invalid_escape,    // malformed C-style escape
  unknown_encoding,  // encoding name we do not support
  unencodable,       // text that the target encoding cannot represent
  invalid_argument,  // any other bad value
  no_address,        // resolution returned nothing usable
  proxy_failure,     // a proxy broke its protocol or could not open the tunnel
};

const std::error_category& tcpc_category() noexcept;
std::error_code make_error_code(errc e) noexcept;

// getaddrinfo's EAI_* codes; messages come from gai_strerror.
const std::error_category& resolve_category() noexcept;

// True when the error means "the input was wrong", not "the network failed".
bool is_input_error(const std::error_code& code) noexcept;

// What the library was doing. A closed list rather than free strings: a
// program translating error lines can cover every value (tcpc's test walks
// them all, so a new operation without a translation fails the build's
// tests), a typo is a compile error, and the English wording lives in one
// table (error.cpp) that can change without breaking any translation.
enum class Operation {
  none,           // no operation: the subject (if any) and the cause
  system_call,    // a system call named by the subject ("poll", "epoll_ctl")
  connect,        // "connect to PEER"
  resolve,        // "resolve HOST"
  bind,           // "bind ADDRESS"
  listen,         // "listen on ADDRESS"
  accept,         // "accept on ADDRESS"
  send,           // "send to PEER"
  receive,        // "recv from PEER"
  echo,           // "echo to PEER" (the server's zero-copy echo)
  close,          // close()
  read_input,     // reading the data to send (stdin)
  write_output,   // writing received data (stdout)
  open_file,      // "open PATH"
  read_file,      // "read PATH"
  write_file,     // "write PATH"
  parse_port,     // "invalid port 'TEXT'"
  parse_ports,    // "invalid port list 'TEXT'"
  parse_address,  // "invalid address 'TEXT'" (--allow, --deny)
  port_check,     // a port scan (-z)
  parse_hex,      // "invalid hex at position N"
  parse_escape,   // "invalid escape at position N"
  find_encoding,  // "encoding 'NAME'"
  encode,         // "encode to NAME"
  unix_path,      // a Unix socket path
  tls_setup,      // "TLS WHAT": building a TLS context or session
  tls_handshake,  // "TLS handshake with PEER"
  tls_close,      // "close_notify to PEER"
  load_ca_file,   // "CA file PATH"
  load_ca_dir,    // "CA directory PATH"
  load_cert,      // "certificate file PATH"
  load_key,       // "key file PATH"
  set_alpn,       // the ALPN protocol list
  bench,          // "bench TEST" (rr, conns, throughput, connect)
  proxy_connect,  // "connect to proxy PROXY": the first hop
  proxy,          // "proxy PROXY": its handshake, the reason says what it answered
  run_program,    // "run PROGRAM" (--exec, --sh-exec)
};
inline constexpr int kOperationCount = static_cast<int>(Operation::run_program) + 1;

// The English of an operation: "connect to {}" with a subject, "connect"
// without ({} is where the subject goes).
std::string_view operation_text(Operation operation, bool with_subject) noexcept;

// Causes whose detail has a shape worth translating: the detail text is
// made from the English pattern (detail_text()) and the values, which the
// Error keeps, so a translation can put them into its own sentence.
enum class Reason {
  none,              // the code's own text, or a free detail text
  timed_out,         // "timed out after {} s": seconds
  port_range,        // "must be from {} to 65535": the lowest port (0 or 1)
  port_or_service,   // "must be from {} to 65535 or a known service name"
  empty,             // "empty"
  empty_host,        // "empty host"
  no_form,           // "U+{} at byte {} has no {} form": code point, offset, encoding
  unknown_encoding,  // "unknown encoding {} (supported: {})": quoted name, list
  no_reply,          // "no reply within {} s": seconds (a one-shot request went unanswered)
  // A proxy's answers (Operation::proxy, the proxy as subject):
  proxy_wants_auth,    // "wants a username and password": it refused "no authentication"
  proxy_no_method,     // "accepts none of our authentication methods"
  proxy_other_method,  // "chose authentication method {} that we did not offer": 0xNN
  proxy_auth_failed,   // "rejected the username {} (status {})": user, status byte
  socks_reply,         // "cannot reach {}: {} (SOCKS{} reply {})": target, meaning, version, code
  http_status,         // "cannot reach {}: HTTP {}": target, status code and reason line
  proxy_malformed,     // "sent a malformed {} reply": the protocol
  proxy_closed,        // "closed the connection during the {} handshake": the protocol
  socks4_ipv4_only,    // "SOCKS4 reaches IPv4 addresses only, not {}": the target
  too_long,            // "{} longer than 255 bytes": what (host name, username, password)
};
inline constexpr int kReasonCount = static_cast<int>(Reason::too_long) + 1;

std::string_view reason_text(Reason reason) noexcept;

// What the caller could do about a failure. Data, not words: the library
// does not know whether its caller has flags, a dialog or a config file,
// so each program spells its own (tcpc: "--cafile FILE trusts its CA").
enum class Hint {
  trust_ca,            // the peer's CA is not trusted: name a CA to trust
  skip_verification,   // certificate verification could be turned off
  other_server_name,   // check the certificate against another name
  client_certificate,  // the server wants a client certificate
  without_tls,         // the peer speaks plain TCP, not TLS
  tls_version,         // no TLS version in common: change the minimum
  proxy_user,          // the proxy wants credentials: give a username
};
inline constexpr int kHintCount = static_cast<int>(Hint::proxy_user) + 1;

// The error type of the library. It is also the exception that
// Result<T>::value() throws, so callers pick checking or throwing per call;
// `catch (const std::system_error&)` catches it, code() is the cause.
class Error : public std::system_error {
 public:
  // The usual forms: Error(code, Operation::connect, peer) and, when there
  // is more to say than the code's text, Error(code, op, subject, detail).
  Error(std::error_code code, Operation operation, std::string subject = {},
        std::string detail = {});
  // A cause with a translatable shape: the detail is reason_text(reason)
  // with the values filled in, unless `detail` words it otherwise.
  Error(std::error_code code, Operation operation, std::string subject, Reason reason,
        std::vector<std::string> values, std::string detail = {});
  // Transition: the one-string form of older code ("connect to 1.2.3.4:80").
  // The context is kept as the subject of Operation::none, so the message
  // is as before, but no translation can reach it: convert call sites.
  Error(std::error_code code, std::string context, std::string detail = {});
  Error(std::error_code code, const char* context, std::string detail = {})
      : Error(code, std::string(context), std::move(detail)) {}

  // Adds a hint; chains: `return Error(...).with(Hint::trust_ca);`.
  Error& with(Hint hint) &;
  Error&& with(Hint hint) &&;

  Operation operation() const noexcept { return operation_; }
  const std::string& subject() const noexcept { return subject_; }
  // The library's detail text; empty when the code's text says it all.
  const std::string& detail() const noexcept { return detail_; }
  Reason reason() const noexcept { return reason_; }
  const std::vector<std::string>& values() const noexcept { return values_; }
  const std::vector<Hint>& hints() const noexcept { return hints_; }
  bool has(Hint hint) const noexcept;

  // "OPERATION SUBJECT: CAUSE", the hints left out (they are the caller's to word).
  const std::string& message() const noexcept { return message_; }
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  Operation operation_ = Operation::none;
  std::string subject_;
  std::string detail_;
  Reason reason_ = Reason::none;
  std::vector<std::string> values_;
  std::vector<Hint> hints_;
  std::string message_;
};

// The error for a failed system call: errno with its operation and subject.
Error system_error(int errnum, Operation operation, std::string subject = {});
// Transition: the one-string form (see the Error constructor above).
Error system_error(int errnum, std::string context);

}  // namespace tcpc

template <>
struct std::is_error_code_enum<tcpc::errc> : std::true_type {};
